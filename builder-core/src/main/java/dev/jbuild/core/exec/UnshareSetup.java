package dev.jbuild.core.exec;

import dev.jbuild.core.fs.SnapshotMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The files the unshare sandbox's child runs from: a POSIX sh script, an fstab listing the
 * step's mounts, and a skeleton {@code /dev}. The script runs inside fresh user, mount, pid, ipc
 * and uts namespaces (and net for {@code --network=none}) and, once the JVM has written the id
 * maps, mounts everything with one {@code mount -a} (each mount(8) run costs milliseconds), moves the root filesystem's bind mount
 * over {@code /} and execs the command through prlimit (the step's {@code --ulimit}s, when any),
 * setpriv (capability bounding set, groups), env
 * (exactly the step's environment) and unshare (chroot into the moved root, working directory,
 * uid).
 *
 * <p>Why the move: a chroot alone leaves the host's root underneath, and a root step with
 * CAP_SYS_CHROOT can climb out of a chroot. With the root filesystem mounted on top of
 * {@code /}, climbing {@code ..} past it lands back on it, and without CAP_SYS_ADMIN the step can
 * neither unmount it nor enter another view of the mount namespace. pivot_root would need a
 * host tool to run after the pivot, where no host tool is reachable any more.
 *
 * <p>The step's environment reaches the last host tool ({@code unshare}) too, since that tool
 * execs the command: dynamic-loader variables an image sets (LD_PRELOAD, LD_LIBRARY_PATH) are
 * therefore also seen by it, and a preload the host lacks makes ld.so print a warning into the
 * step's output. Environment values appear briefly in the command line of {@code env}, as
 * build args do in Docker's image history; secret variables never do: a host sh after
 * {@code env} reads them from their copies (see {@link SecretFiles#READER}).
 */
final class UnshareSetup {

    static final String READY = "jbuild-sandbox-ready";
    static final String EXEC = "jbuild-sandbox-exec";

    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    private static final List<String[]> LINKS = List.of(new String[] {"ptmx", "pts/ptmx"},
            new String[] {"fd", "/proc/self/fd"}, new String[] {"stdin", "/proc/self/fd/0"},
            new String[] {"stdout", "/proc/self/fd/1"}, new String[] {"stderr", "/proc/self/fd/2"});

    /** Absolute paths of the host tools the script runs. */
    record Tools(Path mount, Path setpriv, Path env, Path unshare, Path hostname, Path ip, Path perl, Path mkdir,
                 Path cp, Path sh, Path chown, List<String> prlimit) {
        Tools {
            prlimit = List.copyOf(prlimit);
        }
    }

    private UnshareSetup() {
    }

    /** Writes the two fstabs and the script into the run's scratch directory; returns the script. */
    static Path write(PreparedRun run, Tools tools, IdMapping mapping, boolean hostRoot) throws IOException {
        devSkeleton(run.scratch.resolve("dev"));
        Path base = Files.writeString(run.scratch.resolve("fstab-base"), fstabText(baseMounts(run, hostRoot ? mapping : null)));
        Path rest = Files.writeString(run.scratch.resolve("fstab"), fstabText(mounts(run, hostRoot ? mapping : null)));
        Path script = Files.writeString(run.scratch.resolve("setup.sh"), script(run, tools, mapping, hostRoot, base, rest));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));
        return script;
    }

    /**
     * What the step's /dev is built on: the root (bound onto itself first: everything below
     * mounts onto that bind, which the script then moves to /; {@code nodev}, so a device node
     * in the image or the context opens nothing), /proc, and a fresh tmpfs for /dev, where the
     * script then makes the mount points of the second fstab.
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

    private static String fstabText(List<String[]> lines) {
        return lines.stream()
                .map(fields -> ShellWords.fstabField(fields[0]) + " " + ShellWords.fstabField(fields[1]) + " "
                        + fields[2] + " " + fields[3] + " 0 0")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * The mount points and links of /dev, made by the JVM in the scratch directory; the script
     * copies them into the fresh tmpfs with one {@code cp -a} (a process per link would cost a
     * millisecond or two each).
     */
    private static Path devSkeleton(Path dev) throws IOException {
        Files.createDirectory(dev);
        for (String device : DEVICES) {
            Files.createFile(dev.resolve(device));
        }
        Files.createDirectory(dev.resolve("pts"));
        Files.createDirectory(dev.resolve("shm"));
        for (String[] link : LINKS) {
            Files.createSymbolicLink(dev.resolve(link[0]), Path.of(link[1]));
        }
        return dev;
    }

    static String script(PreparedRun run, Tools tools, IdMapping mapping, boolean hostRoot, Path baseFstab, Path fstab) {
        String root = ShellWords.quote(run.root.toString());
        String mount = ShellWords.quote(tools.mount().toString());
        StringBuilder s = new StringBuilder();
        s.append("# jbuild unshare sandbox: runs inside the new namespaces; see UnshareSetup.java\n");
        s.append("set -eu\n");
        // Until the JVM has written the id maps this shell has no capabilities and is nobody;
        // every tool exec'd after the go-ahead starts as root of the namespace with all of them.
        s.append("printf '%s\\n' ").append(READY).append('\n');
        s.append("read -r go\n");
        s.append("[ \"$go\" = go ]\n");
        s.append("exec </dev/null\n");
        if (tools.hostname() != null) {
            s.append(ShellWords.quote(tools.hostname().toString())).append(' ')
                    .append(ShellWords.quote(run.spec.hostname())).append('\n');
        }
        if (run.spec.network().isolated()) {
            s.append(loopbackUp(tools)).append('\n');
        }
        if (run.spec.overlay() != null) {
            s.append(overlayRoot(run, tools, hostRoot ? mapping : null));
        }
        s.append(run.secrets.chownLines(tools.chown()));
        s.append(mount).append(" -n -a --fstab ").append(ShellWords.quote(baseFstab.toString())).append('\n');
        s.append(ShellWords.quote(tools.cp().toString())).append(" -a -- ")
                .append(ShellWords.quote(run.scratch.resolve("dev") + "/.")).append(' ')
                .append(ShellWords.quote(run.dev.host().toString())).append('\n');
        s.append(mount).append(" -n -a --fstab ").append(ShellWords.quote(fstab.toString())).append('\n');
        s.append("cd ").append(root).append('\n');
        // the limits first, while host root still can raise them, and after the setup's own tools
        List<String> command = new ArrayList<>(tools.prlimit());
        Optional<Path> seccomp = run.seccompProgram();
        if (hostRoot) {
            command.addAll(RootUserNamespace.command(tools.perl(), tools.mount(), mapping, EXEC, seccomp));
        } else {
            s.append(mount).append(" -n --move . /\n");
            s.append("printf '%s\\n' ").append(EXEC).append('\n');
            seccomp.ifPresent(program ->
                    command.addAll(SeccompFilter.forHost().orElseThrow().loaderCommand(tools.perl(), program)));
        }
        command.addAll(finalCommand(run, tools, mapping));
        s.append("exec ").append(ShellWords.quoteAll(command)).append('\n');
        return s.toString();
    }

    /**
     * Mounts the overlay at the root's mount point, from the lower directories' common parent
     * (their paths are relative to keep the options within a page), then creates the working
     * directory and the mount stubs in it as root of the namespace: overlayfs copies their
     * parents up with the owners they have, which the JVM could not do for ids it does not own.
     */
    private static String overlayRoot(PreparedRun run, Tools tools, IdMapping shifted) {
        SnapshotMount.Overlay overlay = run.spec.overlay();
        StringBuilder s = new StringBuilder();
        s.append("cd ").append(ShellWords.quote(overlay.lowerBase().toString())).append('\n');
        s.append(ShellWords.quote(tools.mount().toString())).append(" -n -t overlay -o ")
                .append(ShellWords.quote("nodev," + overlay.options())).append(" overlay ")
                .append(ShellWords.quote(run.root.toString())).append('\n');
        s.append("umask 022\n");
        List<String> created = new ArrayList<>();
        for (MountStubs.Creation creation : run.creations()) {
            String path = ShellWords.quote(creation.host().toString());
            if (creation.directory()) {
                s.append(ShellWords.quote(tools.mkdir().toString())).append(" -m 755 -- ").append(path).append('\n');
            } else {
                s.append(": > ").append(path).append('\n');
            }
            created.add(path);
        }
        // one chown for all of them: a process costs a millisecond or two, and most steps make two stubs
        if (shifted != null && !created.isEmpty()) {
            s.append(ShellWords.quote(tools.chown().toString())).append(" -h ").append(shifted.hostUid(0).orElseThrow())
                    .append(':').append(shifted.hostGid(0).orElseThrow()).append(" -- ")
                    .append(String.join(" ", created)).append('\n');
        }
        return s.toString();
    }

    private static String loopbackUp(UnshareSetup.Tools tools) {
        if (tools.ip() != null) {
            return ShellWords.quote(tools.ip().toString()) + " link set lo up";
        }
        // perl-base is essential on Debian; SIOCSIFFLAGS with IFF_UP|IFF_LOOPBACK|IFF_RUNNING on a 40-byte ifreq.
        return ShellWords.quote(tools.perl().toString()) + " -e " + ShellWords.quote(
                "socket(S,2,2,0) or die \"socket: $!\"; my $r=pack(\"a16sx22\",\"lo\",0x49);"
                        + " ioctl(S,0x8914,$r) or die \"cannot bring up lo: $!\"");
    }

    /** setpriv → env → unshare --root: each execs the next, the last execs the step's argv inside the root. */
    private static List<String> finalCommand(PreparedRun run, Tools tools, IdMapping mapping) {
        List<String> command = new ArrayList<>();
        command.add(tools.setpriv().toString());
        command.add("--bounding-set=" + DefaultCapabilities.setprivBoundingSet());
        if (mapping.setgroupsAllowed()) {
            command.add("--regid=" + run.user.gid());
            List<Long> groups = run.user.supplementaryGids();
            command.add(groups.isEmpty() ? "--clear-groups"
                    : "--groups=" + groups.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        command.add("--");
        command.add(tools.env().toString());
        command.add("-i");
        command.add("--");
        command.addAll(run.env);
        command.addAll(run.secrets.readerCommand(tools.sh(), run.env));
        command.add(tools.unshare().toString());
        command.add("--root=.");
        command.add("--wd=" + run.workdir);
        if (!run.user.root()) {
            command.add("--setuid=" + run.user.uid());
        }
        command.add("--");
        command.addAll(run.spec.argv());
        return command;
    }
}
