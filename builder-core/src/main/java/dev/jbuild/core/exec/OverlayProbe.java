package dev.jbuild.core.exec;

import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.process.HostCommandException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * Whether overlayfs can be mounted inside an unprivileged user namespace on this host
 * (Linux 5.11 and later, unless a distribution turned it off), found by doing it: util-linux
 * {@code unshare} maps the caller to root in a new user and mount namespace, mounts a tiny
 * overlay with {@code userxattr} in a scratch directory, deletes a lower file through it, and
 * the upper directory must then hold the whiteout overlayfs writes for that. It runs in the
 * directory the snapshots' upper directories will be made in, since overlayfs takes some file
 * systems as upper and refuses others (an overlay root, as inside a container, or NFS): a probe
 * in another file system said yes where the build's mount then failed. Once per JVM and
 * directory; a refusal carries the kernel's words.
 */
public final class OverlayProbe {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final Map<Path, OverlayProbe> BY_DIRECTORY = new ConcurrentHashMap<>();

    /** Whether overlay roots work here, and if not why (a sentence naming the failing part). */
    public record Result(boolean usable, String detail) {
    }

    private final HostProbe host;
    private final Path scratchParent;
    private volatile Result result;

    public OverlayProbe(HostProbe host, Path scratchParent) {
        this.host = host;
        this.scratchParent = scratchParent;
    }

    /** The probe for upper directories under {@code parent}, shared so overlayfs is tried there once per JVM. */
    public static OverlayProbe in(Path parent) {
        return BY_DIRECTORY.computeIfAbsent(parent.toAbsolutePath().normalize(), p -> new OverlayProbe(HostProbe.system(), p));
    }

    /** Tries the mount once; later calls return the first answer. */
    public synchronized Result probe() throws InterruptedException {
        if (result == null) {
            result = run();
        }
        return result;
    }

    private Result run() throws InterruptedException {
        Path unshare = host.tool("unshare").orElse(null);
        Path mount = host.tool("mount").orElse(null);
        Path sh = host.tool("sh").orElse(null);
        if (unshare == null || mount == null || sh == null) {
            return new Result(false, "overlayfs probe: 'unshare', 'mount' and 'sh' are needed to mount overlayfs in a"
                    + " user namespace (apt-get install util-linux mount dash)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory(Files.createDirectories(scratchParent), "jbuild-overlay-probe-");
            for (String name : List.of("lower", "upper", "work", "merged")) {
                Files.createDirectory(dir.resolve(name));
            }
            Files.writeString(dir.resolve("lower/gone"), "x");
            String script = "set -e; " + mount + " -n -t overlay -o lowerdir=lower,upperdir=upper,workdir=work,userxattr"
                    + " overlay merged; rm merged/gone";
            HostCommand.Result mounted = mount(new HostCommand(List.of(unshare.toString(), "--user",
                    "--map-root-user", "--mount", "--", sh.toString(), "-c", script), PROBE_TIMEOUT).withDirectory(dir));
            if (mounted.exitCode() != 0) {
                return new Result(false, "overlayfs cannot be mounted in a user namespace over " + scratchParent
                        + " (it needs Linux 5.11 or later and an upper file system overlayfs takes, not an overlay"
                        + " or NFS" + host.userNamespaceProblem().map(p -> "; " + p).orElse("") + "): "
                        + mounted.outputTail());
            }
            Map<String, Object> whiteout = Files.readAttributes(dir.resolve("upper/gone"), "unix:mode,rdev",
                    LinkOption.NOFOLLOW_LINKS);
            if (((Integer) whiteout.get("mode") & 0170000) != 0020000 || (Long) whiteout.get("rdev") != 0) {
                return new Result(false, "overlayfs in a user namespace did not write a whiteout device for a deleted"
                        + " file (mode " + Integer.toOctalString((Integer) whiteout.get("mode")) + ")");
            }
            return new Result(true, "overlayfs mounts in a user namespace");
        } catch (IOException e) {
            return new Result(false, "overlayfs probe failed in " + scratchParent + ": " + e.getMessage());
        } finally {
            if (dir != null) {
                try {
                    TreeDeletion.delete(dir);
                } catch (IOException e) {
                    // A few empty directories in the scratch area; not worth failing the build for.
                }
            }
        }
    }

    /** Runs the mount; an interrupt stays an interrupt, so that it is not remembered as "overlay unusable". */
    private static HostCommand.Result mount(HostCommand command) throws HostCommandException, InterruptedException {
        try {
            return command.run();
        } catch (HostCommandException e) {
            if (e.reason() == HostCommandException.Reason.INTERRUPTED) {
                Thread.interrupted();
                throw new InterruptedException(e.getMessage());
            }
            throw e;
        }
    }
}
