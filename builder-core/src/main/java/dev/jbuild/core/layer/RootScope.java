package dev.jbuild.core.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Resolves directories of an image filesystem to host paths inside its root, the way the
 * image itself would see them, without ever letting the host resolve a symlink for us.
 * A symlink met on the way is followed only if its target is relative and stays inside
 * the root; an absolute target or one that climbs above the root is refused. Layers made
 * from a real filesystem never write through symlinks (the kernel resolved them when the
 * files were written), so such an entry is an escape attempt or a broken layer, and
 * refusing it with its name beats silently re-rooting it somewhere unexpected.
 *
 * <p>Assumes nothing else modifies the root while a layer is applied.
 */
final class RootScope {

    private static final int MAX_SYMLINKS = 40; // the kernel's own limit

    /** Gives a directory this scope created its owner. */
    interface Owner {
        void apply(Path directory) throws IOException;
    }

    private final Path root;
    private final Owner owner;

    RootScope(Path root, Owner owner) throws IOException {
        // Resolve the root itself once (e.g. /tmp may be a symlink on the host); everything after is ours.
        this.root = root.toRealPath();
        this.owner = owner;
    }

    Path root() {
        return root;
    }

    /**
     * The host directory for {@code directory} inside the image, creating missing directories
     * (mode 0755) when {@code create}; null if it is missing and not created.
     */
    Path directory(LayerPath directory, String entryName, boolean create) throws IOException {
        Deque<String> pending = new ArrayDeque<>(directory.components());
        Path current = root;
        int symlinks = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (current.equals(root)) {
                    throw new UnsafeLayerEntryException(entryName, "a symlink on its path climbs above the root");
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(component);
            BasicFileAttributes attributes = attributesOrNull(next);
            if (attributes == null) {
                if (!create) {
                    return null;
                }
                Files.createDirectory(next);
                owner.apply(next);
                current = next;
                continue;
            }
            if (attributes.isDirectory()) {
                current = next;
                continue;
            }
            if (attributes.isSymbolicLink()) {
                if (++symlinks > MAX_SYMLINKS) {
                    throw new UnsafeLayerEntryException(entryName, "too many levels of symlinks on its path");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    throw new UnsafeLayerEntryException(entryName, "its path goes through symlink '" + relative(next)
                            + "' -> '" + target + "', an absolute link that points outside the root");
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                continue;
            }
            throw new UnsafeLayerEntryException(entryName, "'" + relative(next) + "' on its path is not a directory");
        }
        return current;
    }

    /** The host path for an entry: its resolved parent directory plus its own name, never followed. */
    Path entry(LayerPath path, String entryName, boolean createParents) throws IOException {
        Path parent = directory(path.parent(), entryName, createParents);
        if (parent == null) {
            return null;
        }
        Path target = parent.resolve(path.name());
        if (!target.normalize().startsWith(root) || target.equals(root)) {
            // Unreachable given the checks above; kept as the last line of defence.
            throw new UnsafeLayerEntryException(entryName, "resolves outside the root");
        }
        return target;
    }

    String relative(Path hostPath) {
        return root.relativize(hostPath).toString();
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
