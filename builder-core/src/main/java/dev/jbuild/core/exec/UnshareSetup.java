package dev.jbuild.core.exec;

import dev.jbuild.core.fs.SnapshotMount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan of the unshare sandbox's setup ({@link SetupPlan}), which one perl-base process runs
 * from start to the step's command: it unshares user (unless host root runs it), mount, pid, ipc
 * and uts namespaces (and net for {@code --network=none}), waits while the JVM writes the id
 * maps, forks the pid namespace's first process, which sets the host name, mounts the root
 * filesystem, /proc, a minimal {@code /dev}, hosts, resolv.conf and the step's mounts with
 * mount(2), moves the root filesystem's mount over {@code /}, sets the step's {@code --ulimit}s,
 * loads the seccomp filter, cuts the capability bounding set, takes the step's groups, chroots
 * into the moved root, enters the working directory, takes the step's uid and execs the command
 * with exactly the step's environment. The shell script it replaces exec'd about fifteen host
 * tools to do the same (setpriv, unshare, sh, hostname, mount, cp, env, ...); each cost a
 * millisecond or more.
 *
 * <p>Why the move: a chroot alone leaves the host's root underneath, and a root step with
 * CAP_SYS_CHROOT can climb out of a chroot. With the root filesystem mounted on top of
 * {@code /}, climbing {@code ..} past it lands back on it, and without CAP_SYS_ADMIN the step can
 * neither unmount it nor enter another view of the mount namespace. pivot_root would need a
 * host tool to run after the pivot, where no host tool is reachable any more.
 *
 * <p>The seccomp filter is loaded before the bounding set is cut and the ids change, so the last
 * of the setup's own system calls (prctl, setgroups, setresgid, chroot, chdir, setresuid,
 * execve) already run under it, as the step's do. Secret variables reach the environment from
 * their copies, read by the program; the plan names the copies, never the values.
 */
final class UnshareSetup {

    static final String READY = "jbuild-sandbox-ready";
    static final String EXEC = "jbuild-sandbox-exec";

    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    private static final List<String[]> LINKS = List.of(new String[] {"ptmx", "pts/ptmx"},
            new String[] {"fd", "/proc/self/fd"}, new String[] {"stdin", "/proc/self/fd/0"},
            new String[] {"stdout", "/proc/self/fd/1"}, new String[] {"stderr", "/proc/self/fd/2"});

    private UnshareSetup() {
    }

    /** Writes the plan into the run's scratch directory; returns the file. */
    static Path write(PreparedRun run, IdMapping mapping, boolean hostRoot, SyscallArch arch) throws IOException {
        return plan(run, mapping, hostRoot, arch).write(run.scratch.resolve("setup.plan"));
    }

    static SetupPlan plan(PreparedRun run, IdMapping mapping, boolean hostRoot, SyscallArch arch) {
        IdMapping shifted = hostRoot ? mapping : null;
        SetupPlan plan = new SetupPlan(arch);
        // if the JVM thread that started it dies, the setup dies, and its child, the pid namespace, with it
        plan.add("pdeathsig");
        int namespaces = SetupPlan.CLONE_NEWNS | SetupPlan.CLONE_NEWPID | SetupPlan.CLONE_NEWIPC | SetupPlan.CLONE_NEWUTS
                | (hostRoot ? 0 : SetupPlan.CLONE_NEWUSER) // host root enters its user namespace last
                | (run.spec.network().isolated() ? SetupPlan.CLONE_NEWNET : 0);
        plan.add("unshare", Integer.toString(namespaces));
        // The JVM writes the id maps while the program waits; it keeps the capabilities unshare gave it.
        plan.add("ready", READY);
        plan.add("fork");
        plan.add("hostname", run.spec.hostname());
        if (run.spec.network().isolated()) {
            plan.add("loopback");
        }
        if (run.spec.overlay() != null) {
            overlayRoot(plan, run, shifted);
        }
        for (SecretFiles.Copy copy : run.secrets.chownedInside()) {
            plan.chown(copy.uid(), copy.gid(), copy.file(), true);
        }
        baseMounts(run, shifted).forEach(line -> plan.mount(line[0], line[1], line[2], line[3]));
        devSkeleton(plan, run.dev.host());
        mounts(run, shifted).forEach(line -> plan.mount(line[0], line[1], line[2], line[3]));
        plan.add("cd", run.root.toString());
        // the limits now, while host root still can raise them, and after the setup's own work
        for (Ulimit ulimit : run.spec.limits().ulimits()) {
            plan.add("rlimit", Integer.toString(ulimit.resource()), Long.toUnsignedString(ulimit.soft()),
                    Long.toUnsignedString(ulimit.hard()));
        }
        Optional<Path> seccomp = run.seccompProgram();
        if (hostRoot) {
            RootUserNamespace.enter(plan, mapping, EXEC);
        } else {
            moveRoot(plan, EXEC);
        }
        seccomp.ifPresent(program -> plan.add("seccomp", program.toString()));
        plan.add("bounding-set", DefaultCapabilities.numbers().stream().map(String::valueOf).toList());
        if (mapping.setgroupsAllowed()) {
            List<String> gid = new ArrayList<>();
            gid.add(Long.toString(run.user.gid()));
            run.user.supplementaryGids().forEach(g -> gid.add(Long.toString(g)));
            plan.add("gid", gid);
        }
        plan.add("env", run.env);
        for (SecretFiles.Variable variable : run.secrets.variables()) {
            plan.add("secret", variable.name(), variable.file().toString());
        }
        plan.add("chroot", run.workdir);
        if (!run.user.root()) {
            plan.add("uid", Long.toString(run.user.uid()));
        }
        plan.add("exec", run.spec.argv());
        return plan;
    }

    /** Moves the root filesystem's mount, the working directory, over {@code /} and says so with {@code marker}. */
    static void moveRoot(SetupPlan plan, String marker) {
        plan.add("mount", ".", "/", "", Integer.toString(SetupPlan.MS_MOVE), "");
        plan.add("print", marker);
    }

    /**
     * What the step's /dev is built on, as fstab lines (source, target, type, options): the root
     * (bound onto itself first: everything below mounts onto that bind, which the setup then
     * moves to /; {@code nodev}, so a device node in the image or the context opens nothing),
     * /proc, and a fresh tmpfs for /dev, where the setup then makes the mount points of
     * {@link #mounts}.
     */
    static List<String[]> baseMounts(PreparedRun run, IdMapping shifted) {
        List<String[]> lines = new ArrayList<>();
        if (run.spec.overlay() == null) {
            lines.add(new String[] {run.root.toString(), run.root.toString(), "none", "rbind,nodev"});
        }
        lines.add(new String[] {"proc", run.proc.host().toString(), "proc", "nosuid,nodev,noexec"});
        lines.add(new String[] {"tmpfs", run.dev.host().toString(), "tmpfs", "nosuid,mode=755,size=65536k" + owner(shifted)});
        return lines;
    }

    /**
     * The rest, once /dev has its mount points: the host's harmless character devices bound onto
     * empty files (a user namespace cannot mknod), a private devpts, a tmpfs for shm, /proc's
     * kernel knobs read-only and its leaks masked ({@link ProcProtection}), hosts and
     * resolv.conf, then the step's own mounts, all {@code nodev}.
     */
    static List<String[]> mounts(PreparedRun run, IdMapping shifted) {
        List<String[]> lines = new ArrayList<>();
        String dev = run.dev.host().toString();
        for (String device : DEVICES) {
            lines.add(new String[] {"/dev/" + device, dev + "/" + device, "none", "bind"});
        }
        lines.add(new String[] {"devpts", dev + "/pts", "devpts", "newinstance,ptmxmode=0666,mode=0620,nosuid,noexec"});
        lines.add(new String[] {"shm", dev + "/shm", "tmpfs", "nosuid,nodev,noexec,mode=1777,"
                + run.spec.limits().shmSizeOption() + owner(shifted)});
        String proc = run.proc.host().toString();
        for (String path : ProcProtection.readOnly()) {
            lines.add(new String[] {proc + path, proc + path, "none", "rbind,ro,nosuid,nodev,noexec"});
        }
        for (String path : ProcProtection.maskedFiles()) {
            // nosuid and noexec as well: where /dev is a nosuid mount (a Docker container's), a
            // user namespace may only bind /dev/null with that flag kept
            lines.add(new String[] {"/dev/null", proc + path, "none", "bind,ro,nosuid,noexec"});
        }
        for (String path : ProcProtection.maskedDirectories()) {
            lines.add(new String[] {"tmpfs", proc + path, "tmpfs", "ro,nosuid,nodev,noexec,size=4k"});
        }
        lines.add(new String[] {run.hostsFile.toString(), run.hosts.host().toString(), "none", "bind,ro,nodev"});
        lines.add(new String[] {run.resolvConfFile.toString(), run.resolvConf.host().toString(), "none", "bind,ro,nodev"});
        for (PreparedRun.ResolvedMount resolved : run.mounts) {
            String target = resolved.target().host().toString();
            if (resolved.mount() instanceof Mount.Bind bind) {
                lines.add(new String[] {bind.source().toString(), target, "none",
                        bind.writable() ? "rbind,nodev" : "rbind,ro,nodev"});
            } else if (resolved.mount() instanceof Mount.Tmpfs tmpfs) {
                lines.add(new String[] {"tmpfs", target, "tmpfs", "nosuid,nodev,mode=1777" + owner(shifted)
                        + (tmpfs.sizeBytes() > 0 ? ",size=" + tmpfs.sizeBytes() : "")});
            }
        }
        return lines;
    }

    // Root mounts the tmpfs file systems outside the step's user namespace: they must belong to container root.
    private static String owner(IdMapping shifted) {
        return shifted == null ? "" : ",uid=" + shifted.hostUid(0).orElseThrow() + ",gid=" + shifted.hostGid(0).orElseThrow();
    }

    /**
     * The mount points and links of /dev, made in its fresh tmpfs: mount points for the devices
     * bound from the host (a user namespace cannot mknod), for devpts and for shm.
     */
    private static void devSkeleton(SetupPlan plan, Path dev) {
        for (String device : DEVICES) {
            plan.add("file", dev.resolve(device).toString(), "644");
        }
        plan.add("mkdir", dev.resolve("pts").toString(), "755");
        plan.add("mkdir", dev.resolve("shm").toString(), "755");
        for (String[] link : LINKS) {
            plan.add("symlink", link[1], dev.resolve(link[0]).toString());
        }
    }

    /**
     * Mounts the overlay at the root's mount point, from the lower directories' common parent
     * (their paths are relative to keep the options within a page), then creates the working
     * directory and the mount stubs in it as root of the namespace: overlayfs copies their
     * parents up with the owners they have, which the JVM could not do for ids it does not own.
     */
    private static void overlayRoot(SetupPlan plan, PreparedRun run, IdMapping shifted) {
        SnapshotMount.Overlay overlay = run.spec.overlay();
        plan.add("cd", overlay.lowerBase().toString());
        plan.mount("overlay", run.root.toString(), "overlay", "nodev," + overlay.options());
        plan.add("umask", "022");
        for (MountStubs.Creation creation : run.creations()) {
            plan.add(creation.directory() ? "mkdir" : "file", creation.host().toString(), creation.directory() ? "755" : "644");
            if (shifted != null) {
                plan.chown(shifted.hostUid(0).orElseThrow(), shifted.hostGid(0).orElseThrow(), creation.host(), false);
            }
        }
    }
}
