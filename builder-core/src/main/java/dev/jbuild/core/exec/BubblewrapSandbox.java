package dev.jbuild.core.exec;

import dev.jbuild.core.fs.HostIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sandbox on bubblewrap ({@code bwrap}): it builds the namespaces, binds the root filesystem
 * at {@code /}, mounts {@code /proc} and a minimal {@code /dev}, pivots into the root and execs
 * the command. Unprivileged bwrap maps exactly one id, the step's user, to the invoking user:
 * {@code USER} works, but {@code chown} to any other id fails, files the step creates are owned
 * on the host by the invoking user, and the step's user appears to own the files the invoking
 * user owns. {@link ExecResult#idMapping()} says so; prefer the OCI or unshare sandbox with
 * subordinate ids when a build changes owners. bwrap also always sets {@code PWD} in the
 * step's environment, and cannot set supplementary groups. For the same reason a secret's copy
 * cannot show the uid and gid asked unless they are the step's: it is owned by the step's user,
 * with the owner's and group's bits cut to the others' (see {@link SecretFiles}). Run by root,
 * bwrap would map the step to host root, so this sandbox refuses to run as root (the unshare
 * and OCI sandboxes map root's steps to a subordinate range instead).
 */
public final class BubblewrapSandbox implements Sandbox {

    private static final Map<String, String> TOOL_ENVIRONMENT =
            Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C");

    private final HostProbe host;
    private final Path scratchParent;

    /** A sandbox using {@code host}'s tools, keeping each step's scratch files in a fresh directory below {@code scratchParent}. */
    public BubblewrapSandbox(HostProbe host, Path scratchParent) {
        this.host = host;
        this.scratchParent = scratchParent;
    }

    public BubblewrapSandbox() {
        this(HostProbe.system(), HostProbe.system().scratchDirectory());
    }

    @Override
    public String toString() {
        return kind().flagName();
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.BWRAP;
    }

    @Override
    public ExecResult run(ExecSpec spec) throws InterruptedException {
        Path bwrap = host.tool("bwrap").orElseThrow(() ->
                SandboxException.missingTool(kind(), "bubblewrap", "bubblewrap"));
        HostIdentity me = host.identity();
        if (host.hostRoot()) {
            throw new SandboxException(kind(), "bwrap maps the step's user to the user running it, so run by root it"
                    + " would make the step host root; as root use --sandbox=unshare or --sandbox=oci, which map the"
                    + " step's ids to a subordinate range");
        }
        IdMapping mapping = IdMapping.single(0, me.uid(), 0, me.gid(), false);
        try (PreparedRun run = PreparedRun.prepare(kind(), spec, scratchParent, mapping, false)) {
            mapping = IdMapping.single(run.user.uid(), me.uid(), run.user.gid(), me.gid(), false);
            run.ownSecrets(mapping, host, false);
            int exit;
            String tail;
            try (SandboxProcess process = SandboxProcess.start(kind(), command(bwrap, run, host),
                    run.secrets.processEnvironment(TOOL_ENVIRONMENT), List.of(), spec.output())) {
                exit = process.waitFor(spec.timeout());
                tail = process.tail();
            }
            // bwrap reports its own failures as "bwrap: ..." on stderr with exit status 1.
            if (exit == 1 && tail.startsWith("bwrap: ")) {
                throw new SandboxException(kind(), "setting up the sandbox failed: " + tail.strip());
            }
            return new ExecResult(exit, tail, mapping, run.finish());
        }
    }

    private static List<String> command(Path bwrap, PreparedRun run, HostProbe host) {
        ExecSpec spec = run.spec;
        Optional<Path> seccomp = run.seccompProgram();
        // prlimit execs bwrap, whose step inherits the limits
        List<String> c = new ArrayList<>(spec.limits().prlimitPrefix(host, SandboxKind.BWRAP));
        if (seccomp.isPresent()) {
            c.addAll(SeccompFilter.onDescriptor(host.tool("sh").orElseThrow(() ->
                    SandboxException.missingTool(SandboxKind.BWRAP, "'sh'", "dash")), seccomp.get()));
            c.add(bwrap.toString());
            c.addAll(SeccompFilter.bwrapOptions());
        } else {
            c.add(bwrap.toString());
        }
        c.addAll(List.of(
                "--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
        if (spec.network().isolated()) {
            c.add("--unshare-net"); // bwrap brings up lo in the new namespace itself
        }
        c.addAll(List.of("--uid", Long.toString(run.user.uid()), "--gid", Long.toString(run.user.gid()),
                "--hostname", spec.hostname(),
                "--bind", run.root.toString(), "/",
                "--proc", run.proc.containerPath(),
                "--dev", run.dev.containerPath(),
                "--size", Long.toString(spec.limits().shmBytes()), "--perms", "1777",
                "--tmpfs", run.dev.containerPath() + "/shm",
                "--ro-bind", run.hostsFile.toString(), run.hosts.containerPath(),
                "--ro-bind", run.resolvConfFile.toString(), run.resolvConf.containerPath()));
        for (PreparedRun.ResolvedMount resolved : run.mounts) {
            String target = resolved.target().containerPath();
            if (resolved.mount() instanceof Mount.Bind bind) {
                c.addAll(List.of(bind.writable() ? "--bind" : "--ro-bind", bind.source().toString(), target));
            } else if (resolved.mount() instanceof Mount.Tmpfs tmpfs) {
                if (tmpfs.sizeBytes() > 0) {
                    c.addAll(List.of("--size", Long.toString(tmpfs.sizeBytes())));
                }
                c.addAll(List.of("--perms", "1777", "--tmpfs", target));
            }
        }
        if (run.user.root()) {
            // As root inside, bwrap would keep every capability; keep Docker's defaults only.
            c.addAll(List.of("--cap-drop", "ALL"));
            DefaultCapabilities.NAMES.forEach(cap -> c.addAll(List.of("--cap-add", cap)));
        }
        c.addAll(List.of("--chdir", run.workdir, "--die-with-parent", "--new-session"));
        c.addAll(run.secrets.bubblewrapEnvironment(run.env, TOOL_ENVIRONMENT.keySet()));
        c.add("--");
        c.addAll(spec.argv());
        return c;
    }
}
