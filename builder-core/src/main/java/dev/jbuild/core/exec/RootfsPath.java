package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A path inside a root filesystem resolved the way the step itself would see it after the
 * root change: symlinks are followed, an absolute link target starts again at the root, and
 * {@code ..} never climbs above it. The host never resolves a link for us, so a link such as
 * {@code /etc/resolv.conf -> /run/systemd/resolve/stub-resolv.conf} lands inside the image,
 * not on the host. {@code host} is the resolved host path; {@code containerPath} the same place
 * as an absolute path inside the root with no symlinks left; {@code missing} the host paths,
 * outermost first, that do not exist yet; {@code source} where the JVM reads what is there now
 * ({@link Lookup}), null when it is missing.
 *
 * <p>Assumes nothing else changes the root while it is resolved (no step runs in it meanwhile).
 */
record RootfsPath(Path host, String containerPath, List<Path> missing, Path source) {

    private static final int MAX_SYMLINKS = 40; // the kernel's own limit

    /**
     * Where the JVM finds what the root shows at a path relative to it (empty for the root):
     * the host path of that entry, not following a final symlink, or null when there is none.
     * For a directory root it is the same place; for an overlay it is in the upper or a lower
     * directory, while {@code host} is the place under the mount point.
     */
    interface Lookup {
        Path locate(String relative) throws IOException;
    }

    RootfsPath {
        missing = List.copyOf(missing);
    }

    /** The lookup of a root that is a plain directory. */
    static Lookup directory(Path root) {
        return relative -> {
            Path path = relative.isEmpty() ? root : root.resolve(relative);
            return attributesOrNull(path) == null ? null : path;
        };
    }

    boolean exists() {
        return missing.isEmpty();
    }

    /** Resolves {@code path}, first cleaned lexically as Docker cleans mount targets and working directories. */
    static RootfsPath resolve(Path root, String path) throws IOException {
        return resolve(root, directory(root), path);
    }

    /** Resolves {@code path} in the root that {@code lookup} reads and that the sandbox mounts at {@code root}. */
    static RootfsPath resolve(Path root, Lookup lookup, String path) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components(clean(path)));
        Deque<String> resolved = new ArrayDeque<>();
        int symlinks = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path next = lookup.locate(String.join("/", resolved) + (resolved.isEmpty() ? "" : "/") + component);
            BasicFileAttributes attributes = next == null ? null : attributesOrNull(next);
            if (attributes == null) {
                return withMissingTail(root, resolved, component, pending);
            }
            if (attributes.isSymbolicLink()) {
                if (++symlinks > MAX_SYMLINKS) {
                    throw new IOException("too many levels of symlinks resolving " + path + " inside the root filesystem");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> targetComponents = components(target);
                for (int i = targetComponents.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetComponents.get(i));
                }
                continue;
            }
            if (!attributes.isDirectory() && !pending.isEmpty()) {
                throw new IOException(path + " inside the root filesystem goes through '/" + String.join("/", resolved)
                        + (resolved.isEmpty() ? "" : "/") + component + "', which is not a directory");
            }
            resolved.addLast(component);
        }
        return new RootfsPath(host(root, resolved), "/" + String.join("/", resolved), List.of(),
                lookup.locate(String.join("/", resolved)));
    }

    /** Once a component is missing nothing below it can be a symlink, so the rest is taken as it is. */
    private static RootfsPath withMissingTail(Path root, Deque<String> resolved, String first, Deque<String> rest)
            throws IOException {
        Deque<String> all = new ArrayDeque<>(resolved);
        List<Path> missing = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        tail.add(first);
        tail.addAll(rest);
        for (String component : tail) {
            if (component.equals("..")) {
                // Only a symlink target can bring one here (paths are cleaned first); the kernel would fail too.
                throw new IOException("a symlink climbs out of missing directory '/" + String.join("/", all)
                        + "' inside the root filesystem");
            }
            all.addLast(component);
            missing.add(host(root, all));
        }
        return new RootfsPath(host(root, all), "/" + String.join("/", all), missing, null);
    }

    private static Path host(Path root, Deque<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }

    /** {@code path} made absolute with {@code .}, {@code ..} and repeated slashes removed, like Go's filepath.Clean. */
    static String clean(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String component : components(path)) {
            if (component.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(component);
            }
        }
        return "/" + String.join("/", out);
    }

    private static List<String> components(String path) {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        return components;
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
