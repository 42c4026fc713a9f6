package dev.jbuild.core.exec;

import dev.jbuild.core.fs.PathClean;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.layer.OwnerMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a sandbox needs ready on the host before its child process starts, the same for
 * every kind: the user resolved in the image, the environment, the working directory created
 * (root:root 0755, kept: it is a real change, as in BuildKit), the mount points resolved inside
 * the root and created as stubs where missing, and a private scratch directory outside the root
 * holding the hosts and resolv.conf files, private copies of the step's secrets ({@link SecretFiles})
 * and whatever the sandbox kind writes (a setup plan, an OCI bundle). {@link #finish()} removes the stubs and the scratch directory.
 */
final class PreparedRun implements AutoCloseable {

    /** An extra mount with its target resolved inside the root. */
    record ResolvedMount(Mount mount, RootPath.Resolved target) {
    }

    final SandboxKind kind;
    final ExecSpec spec;
    final Path root;
    final ContainerUser user;
    final List<String> env;
    final String workdir;
    final RootPath.Resolved proc;
    final RootPath.Resolved dev;
    final RootPath.Resolved hosts;
    final RootPath.Resolved resolvConf;
    final List<ResolvedMount> mounts;
    final Path scratch;
    final Path hostsFile;
    final Path resolvConfFile;
    /** Private copies of the step's secrets, in {@code scratch}; secret mounts are binds of them in {@code mounts}. */
    final SecretFiles secrets;
    private final MountStubs stubs;
    private List<MountStub> finished;

    /** What the sandbox must create under an overlay's mount point before mounting anything (see {@link MountStubs}). */
    List<MountStubs.Creation> creations() {
        return stubs.creations();
    }

    private PreparedRun(SandboxKind kind, ExecSpec spec, Path root, ContainerUser user, String workdir, MountStubs stubs,
                        RootPath.Resolved proc, RootPath.Resolved dev, RootPath.Resolved hosts, RootPath.Resolved resolvConf,
                        List<ResolvedMount> mounts, Path scratch, Path hostsFile, Path resolvConfFile,
                        SecretFiles secrets) {
        this.kind = kind;
        this.spec = spec;
        this.root = root;
        this.user = user;
        this.env = spec.effectiveEnv(user);
        this.workdir = workdir;
        this.stubs = stubs;
        this.proc = proc;
        this.dev = dev;
        this.hosts = hosts;
        this.resolvConf = resolvConf;
        this.mounts = mounts;
        this.scratch = scratch;
        this.hostsFile = hostsFile;
        this.resolvConfFile = resolvConfFile;
        this.secrets = secrets;
    }

    /**
     * Prepares {@code spec}'s root for a step that runs under {@code mapping}; what the JVM
     * creates in it is given to container root when {@code chown} (this process is root).
     */
    static PreparedRun prepare(SandboxKind kind, ExecSpec spec, Path scratchParent, IdMapping mapping, boolean chown) {
        Path root;
        try {
            root = spec.rootfs().toRealPath();
        } catch (IOException e) {
            throw new SandboxException(kind, "root filesystem " + spec.rootfs() + " is not readable: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(root)) {
            throw new SandboxException(kind, "root filesystem " + root + " is not a directory");
        }
        if (spec.overlay() != null && kind != SandboxKind.UNSHARE) {
            throw new SandboxException(kind, "this sandbox cannot mount an overlay root; use --sandbox=unshare"
                    + " or --snapshotter=native");
        }
        MountStubs stubs = spec.overlay() != null ? new MountStubs(root, spec.overlay())
                : new MountStubs(root, chown ? mapping.owners() : OwnerMapping.IDENTITY);
        ContainerUser user;
        try {
            user = ContainerUser.resolve(root, stubs.lookup(), spec.user());
        } catch (IllegalArgumentException | IOException e) {
            throw new SandboxException(kind, "USER " + (spec.user().isEmpty() ? "root" : spec.user()) + ": "
                    + e.getMessage(), e);
        }
        Path scratch = null;
        try {
            if (chown) {
                MountStubs.giveToContainerRoot(spec.overlay() == null ? root : spec.overlay().upper(), mapping.owners());
            }
            stubs.ensureKept(spec.workdir());
            String workdir = PathClean.absolute(spec.workdir());
            RootPath.Resolved proc = stubs.ensure("/proc", true);
            RootPath.Resolved dev = stubs.ensure("/dev", true);
            // nothing is mounted on /sys, but runc creates it, so BuildKit's layers have it
            stubs.ensure("/sys", true);
            RootPath.Resolved hosts = stubs.ensure("/etc/hosts", false);
            RootPath.Resolved resolvConf = stubs.ensure("/etc/resolv.conf", false);
            scratch = Files.createTempDirectory(Files.createDirectories(scratchParent), "jbuild-run-");
            // searchable, not listable: as root an OCI runtime opens the hosts file and secret copies here as the range's root
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
            SecretFiles secrets = new SecretFiles(scratch);
            List<ResolvedMount> mounts = new ArrayList<>();
            for (Mount mount : spec.mounts()) {
                if (mount instanceof Mount.Secret secret) {
                    Mount.Bind copy = new Mount.Bind(secrets.copy(secret), secret.target(), false);
                    mounts.add(new ResolvedMount(copy, stubs.ensure(secret.target(), false)));
                    continue;
                }
                boolean directory = !(mount instanceof Mount.Bind bind) || Files.isDirectory(bind.source());
                if (mount instanceof Mount.Bind bind && !Files.exists(bind.source())) {
                    throw new SandboxException(kind, "bind mount source " + bind.source() + " does not exist");
                }
                mounts.add(new ResolvedMount(mount, stubs.ensure(mount.target(), directory)));
            }
            for (SecretVariable variable : spec.secretEnv()) {
                secrets.copy(variable);
            }
            NetworkFiles files = NetworkFiles.forStep(spec.hostname(), spec.extraHosts(), Path.of("/etc/resolv.conf"));
            Path hostsFile = Files.writeString(scratch.resolve("hosts"), files.hosts());
            Path resolvConfFile = Files.writeString(scratch.resolve("resolv.conf"), files.resolvConf());
            for (Path file : List.of(hostsFile, resolvConfFile)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return new PreparedRun(kind, spec, root, user, workdir, stubs, proc, dev, hosts, resolvConf,
                    List.copyOf(mounts), scratch, hostsFile, resolvConfFile, secrets);
        } catch (IOException | RuntimeException e) {
            stubs.removeEmpty();
            deleteTree(scratch);
            if (e instanceof SandboxException sandboxException) {
                throw sandboxException;
            }
            throw new SandboxException(kind, "cannot prepare root filesystem " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a user or group the namespace does not map before anything starts: the kernel
     * would only say "Invalid argument" from deep inside the setup. Supplementary groups count
     * only where setgroups is allowed; elsewhere the step keeps none.
     */
    void requireMapped(IdMapping mapping, HostProbe host) {
        boolean mapped = mapping.hostUid(user.uid()).isPresent() && mapping.hostGid(user.gid()).isPresent()
                && (!mapping.setgroupsAllowed()
                    || user.supplementaryGids().stream().allMatch(gid -> mapping.hostGid(gid).isPresent()));
        if (!mapped) {
            throw new SandboxException(kind, "cannot run as uid " + user.uid() + " gid " + user.gid() + ": "
                    + host.mappingWarning().orElse("the user namespace does not map these ids"));
        }
    }

    /**
     * Gives the secret copies their owners under {@code mapping} (see {@link SecretFiles#own});
     * {@code namespaceChowns} says the sandbox chowns what the JVM cannot, as root of the namespace.
     */
    void ownSecrets(IdMapping mapping, HostProbe host, boolean namespaceChowns) {
        try {
            secrets.own(mapping, host.identity(), namespaceChowns);
        } catch (IOException e) {
            throw new SandboxException(kind, "cannot give the secret copies in " + scratch + " their owners: "
                    + e.getMessage(), e);
        }
    }

    /** The step's environment with its secret variables' values, for sandboxes that pass it in no command line. */
    List<String> envWithSecrets() {
        return secrets.environment(env);
    }

    /**
     * The seccomp program every step runs under (Docker's default profile, see {@link
     * SeccompFilter}), written into the scratch directory; empty on an architecture without one.
     */
    Optional<Path> seccompProgram() {
        Optional<SeccompFilter> filter = SeccompFilter.forHost();
        if (filter.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(filter.get().writeProgram(scratch.resolve("seccomp.bpf")));
        } catch (IOException e) {
            throw new SandboxException(kind, "cannot write the seccomp program: " + e.getMessage(), e);
        }
    }

    /** Removes empty mount stubs and the scratch directory; returns the stubs. Safe to call twice. */
    List<MountStub> finish() {
        if (finished == null) {
            finished = stubs.removeEmpty();
            deleteTree(scratch);
        }
        return finished;
    }

    @Override
    public void close() {
        finish();
    }

    static void deleteTree(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try {
            TreeDeletion.delete(directory);
        } catch (IOException e) {
            // Scratch files are small and live in the temp directory; a leftover is not worth failing the step.
        }
    }
}
