package dev.jbuild.core.context;

import java.io.IOException;
import java.nio.file.FileSystemException;
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
 * Resolves paths inside a root directory the way a process confined to that root would see
 * them: symlinks are followed by reading them ourselves, an absolute link target starts again
 * at the root, and {@code ..} stops at the root. The host never resolves a link for us, so a
 * link in an image pointing at {@code /etc} leads to {@code <root>/etc}, never to the host's.
 * This is the rule BuildKit applies to COPY sources and destinations (continuity's RootPath).
 *
 * <p>A missing component ends the resolution: the rest of the path is appended as written
 * (lexically cleaned), so a destination that does not exist yet can still be named.
 */
public final class ScopedResolver {

    private static final int MAX_SYMLINKS = 255; // what Go's RootPath allows

    private final Path root;

    /** @param root an existing directory; it is resolved on the host once, here */
    public ScopedResolver(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new FileSystemException(root.toString(), null, "not a directory");
        }
    }

    public Path root() {
        return root;
    }

    /**
     * The relative path ({@code .} for the root itself) that {@code path} (absolute or relative
     * to the root, {@code ..} allowed) leads to; the last component is followed only when
     * {@code followFinal}.
     */
    public String resolve(String path, boolean followFinal) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components(CleanPath.of("/" + path)));
        List<String> resolved = new ArrayList<>();
        boolean missing = false;
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            if (missing) {
                resolved.add(component);
                continue;
            }
            Path host = host(resolved).resolve(component);
            BasicFileAttributes attributes = attributesOrNull(host);
            if (attributes != null && attributes.isSymbolicLink() && (followFinal || !pending.isEmpty())) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemException("/" + path, null, "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(host).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
                continue;
            }
            // Past a missing entry or a non-directory nothing more can exist; keep the name as written.
            missing = attributes == null || (!attributes.isDirectory() && !pending.isEmpty());
            resolved.add(component);
        }
        return resolved.isEmpty() ? "." : String.join("/", resolved);
    }

    /** The host path of a relative path that {@link #resolve} returned. */
    public Path host(String relative) {
        return relative.equals(".") ? root : root.resolve(relative);
    }

    private Path host(List<String> components) {
        return components.isEmpty() ? root : root.resolve(String.join("/", components));
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }
}
