package dev.jbuild.core.exec;

import dev.jbuild.core.fs.SnapshotMount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one RUN step executes: the prepared, writable root filesystem, the command, its
 * environment ({@code KEY=value}, the image's env plus build args), working directory
 * (created as root:root 0755 when missing), user ({@code uid[:gid]} or names looked up in the
 * root filesystem's own {@code /etc/passwd} and {@code /etc/group}; empty means root), network,
 * extra mounts, hostname, a sink for live output, a timeout ({@link Duration#ZERO} for none), and
 * the overlay the sandbox mounts at {@code rootfs} first, or null when {@code rootfs} is the root itself,
 * the secrets the step gets as environment variables (kept apart from {@code env}, which
 * history and cache keys may show), and its /dev/shm size and resource limits.
 */
public record ExecSpec(
        Path rootfs,
        List<String> argv,
        List<String> env,
        String workdir,
        String user,
        NetworkMode network,
        List<Mount> mounts,
        String hostname,
        OutputSink output,
        Duration timeout,
        SnapshotMount.Overlay overlay,
        List<SecretVariable> secretEnv,
        List<ExtraHost> extraHosts,
        RunLimits limits) {

    /** Docker's PATH for images that set none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static final String DEFAULT_HOSTNAME = "jbuild";

    public ExecSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        if (!rootfs.isAbsolute()) {
            throw new IllegalArgumentException("rootfs must be an absolute path: " + rootfs);
        }
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        env = List.copyOf(env);
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("environment entry must be KEY=value: '" + entry + "'");
            }
        }
        for (String arg : argv) {
            requireNoNul(arg, "argument");
        }
        env.forEach(entry -> requireNoNul(entry, "environment entry"));
        workdir = requireContainerPath(workdir, "working directory");
        user = Objects.requireNonNullElse(user, "").trim();
        Objects.requireNonNull(network, "network");
        mounts = List.copyOf(mounts);
        hostname = Objects.requireNonNullElse(hostname, DEFAULT_HOSTNAME);
        if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,62})")) {
            throw new IllegalArgumentException("invalid hostname '" + hostname + "'");
        }
        output = Objects.requireNonNullElse(output, OutputSink.discard());
        timeout = Objects.requireNonNullElse(timeout, Duration.ZERO);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (overlay != null && !overlay.mountPoint().equals(rootfs)) {
            throw new IllegalArgumentException("rootfs " + rootfs + " must be the overlay's mount point "
                    + overlay.mountPoint());
        }
        secretEnv = List.copyOf(Objects.requireNonNullElse(secretEnv, List.of()));
        extraHosts = List.copyOf(Objects.requireNonNullElse(extraHosts, List.of()));
        limits = Objects.requireNonNullElse(limits, RunLimits.DEFAULT);
    }

    /** A spec running {@code argv} as root in {@code /}, with no environment but the default PATH. */
    public static ExecSpec of(Path rootfs, List<String> argv) {
        return new ExecSpec(rootfs, argv, List.of("PATH=" + DEFAULT_PATH), "/", "", NetworkMode.DEFAULT,
                List.of(), DEFAULT_HOSTNAME, OutputSink.discard(), Duration.ZERO, null, List.of(), List.of(), RunLimits.DEFAULT);
    }

    /**
     * A spec running {@code argv} as root in a snapshot's root: a directory, or an overlay the
     * sandbox mounts at its mount point (only sandboxes whose {@link Sandbox#mountsOverlay()} says so).
     */
    public static ExecSpec of(SnapshotMount root, List<String> argv) {
        ExecSpec spec = of(root.mountPoint(), argv);
        return root instanceof SnapshotMount.Overlay overlay ? spec.withOverlay(overlay) : spec;
    }

    /** A spec running {@code sh -c script}, the shell form of RUN. */
    public static ExecSpec shell(Path rootfs, String script) {
        return of(rootfs, List.of("/bin/sh", "-c", script));
    }

    public ExecSpec withOverlay(SnapshotMount.Overlay newOverlay) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, hostname, output, timeout, newOverlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withEnv(List<String> newEnv) {
        return new ExecSpec(rootfs, argv, newEnv, workdir, user, network, mounts, hostname, output, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withWorkdir(String newWorkdir) {
        return new ExecSpec(rootfs, argv, env, newWorkdir, user, network, mounts, hostname, output, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withUser(String newUser) {
        return new ExecSpec(rootfs, argv, env, workdir, newUser, network, mounts, hostname, output, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withNetwork(NetworkMode newNetwork) {
        return new ExecSpec(rootfs, argv, env, workdir, user, newNetwork, mounts, hostname, output, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withMounts(List<Mount> newMounts) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, newMounts, hostname, output, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withHostname(String newHostname) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, newHostname, output, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withOutput(OutputSink newOutput) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, hostname, newOutput, timeout, overlay,
                secretEnv, extraHosts, limits);
    }

    public ExecSpec withTimeout(Duration newTimeout) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, hostname, output, newTimeout, overlay,
                secretEnv, extraHosts, limits);
    }

    /** Lines added to the step's {@code /etc/hosts} ({@code --add-host}). */
    public ExecSpec withExtraHosts(List<ExtraHost> newExtraHosts) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, hostname, output, timeout, overlay,
                secretEnv, newExtraHosts, limits);
    }

    /** The step's /dev/shm size and resource limits ({@code --shm-size}, {@code --ulimit}). */
    public ExecSpec withLimits(RunLimits newLimits) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, hostname, output, timeout, overlay,
                secretEnv, extraHosts, newLimits);
    }

    public ExecSpec withSecretEnv(List<SecretVariable> newSecretEnv) {
        return new ExecSpec(rootfs, argv, env, workdir, user, network, mounts, hostname, output, timeout, overlay,
                newSecretEnv, extraHosts, limits);
    }

    /**
     * The environment the command gets: the spec's, plus Docker's default PATH when it sets
     * none and HOME from the user's passwd entry when it sets none. Later duplicates win.
     */
    List<String> effectiveEnv(ContainerUser resolvedUser) {
        java.util.LinkedHashMap<String, String> byName = new java.util.LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            byName.remove(entry.substring(0, eq));
            byName.put(entry.substring(0, eq), entry);
        }
        byName.putIfAbsent("PATH", "PATH=" + DEFAULT_PATH);
        byName.putIfAbsent("HOME", "HOME=" + resolvedUser.home());
        return List.copyOf(byName.values());
    }

    static String requireContainerPath(String path, String what) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path inside the root filesystem: " + path);
        }
        requireNoNul(path, what);
        return path;
    }

    private static void requireNoNul(String value, String what) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character");
        }
    }
}
