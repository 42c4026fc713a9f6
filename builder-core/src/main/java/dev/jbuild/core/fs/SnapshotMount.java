package dev.jbuild.core.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How a sandbox puts a mutable snapshot at a step's {@code /}. A native snapshot is a plain
 * directory, bind-mounted as it is. An overlay snapshot is read-only lower directories, an
 * upper directory and overlayfs's work directory, which the sandbox mounts at an empty
 * mount point inside its own user namespace (the JVM cannot enter one); sealing the type
 * makes every sandbox handle each kind there is.
 */
public sealed interface SnapshotMount {

    /** The directory the step's root is at once mounted, in the sandbox's mount namespace. */
    Path mountPoint();

    /** A root filesystem that is an ordinary directory on the host. */
    record Directory(Path root) implements SnapshotMount {
        public Directory {
            Objects.requireNonNull(root, "snapshot root");
        }

        @Override
        public Path mountPoint() {
            return root;
        }
    }

    /**
     * An overlayfs root: {@code lowers} are paths relative to {@code lowerBase}, topmost first
     * (relative, because the kernel takes at most a page of mount options); the mount point is
     * an empty directory on the host.
     */
    record Overlay(Path lowerBase, List<Path> lowers, Path upper, Path work, Path mountPoint) implements SnapshotMount {

        /** A mount option string longer than this may not fit the kernel's page, with the other options. */
        public static final int MAX_LOWERDIR_OPTION = 3800;

        public Overlay {
            Objects.requireNonNull(lowerBase, "lower base");
            lowers = List.copyOf(lowers);
            if (lowers.isEmpty()) {
                throw new IllegalArgumentException("overlayfs needs at least one lower directory");
            }
            for (Path lower : lowers) {
                if (lower.isAbsolute()) {
                    throw new IllegalArgumentException("lower directory " + lower + " must be relative to " + lowerBase);
                }
            }
            Objects.requireNonNull(upper, "upper directory");
            Objects.requireNonNull(work, "work directory");
            Objects.requireNonNull(mountPoint, "mount point");
            for (Path path : List.of(lowerBase, upper, work, mountPoint)) {
                requireMountable(path);
            }
            lowers.forEach(Overlay::requireMountable);
        }

        /** The lower directories as host paths, topmost first. */
        public List<Path> lowerDirectories() {
            return lowers.stream().map(lowerBase::resolve).toList();
        }

        /** The merged view the JVM reads in place of the mounted root: upper, then the lowers. */
        public OverlayStack stack() {
            List<Path> all = new java.util.ArrayList<>();
            all.add(upper);
            all.addAll(lowerDirectories());
            return new OverlayStack(all);
        }

        /**
         * The options for mount(2), every directory relative to {@code lowerBase}, so the mount
         * must run there: relative, too, because the step reads its root's options in
         * /proc/self/mountinfo and must learn no host path from them. {@code userxattr}:
         * overlayfs inside a user namespace keeps its whiteout and opaque marks in
         * {@code user.overlay.*}, the form the layer directories use.
         */
        public String options() {
            return "lowerdir=" + lowers.stream().map(Path::toString).collect(Collectors.joining(":"))
                    + ",upperdir=" + lowerBase.relativize(upper) + ",workdir=" + lowerBase.relativize(work)
                    + ",userxattr";
        }

        private static void requireMountable(Path path) {
            String text = path.toString();
            if (text.contains(",") || text.contains(":") || text.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("overlayfs cannot take the path '" + text
                        + "' (it contains a comma, colon or white space); move the cache directory or use"
                        + " --snapshotter=native");
            }
        }
    }
}
