package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Directories stacked as overlayfs stacks them, topmost first, read by the JVM without any
 * mount: a name resolves to the topmost directory that has it unless a higher one holds a
 * whiteout for it (a character device 0:0) or an opaque directory above it (the
 * {@code user.overlay.opaque} attribute that overlayfs writes with {@code userxattr}, or
 * {@code trusted.overlay.opaque} from a mount by real root), and directories of the same
 * name merge. Lets the JVM read a step's root and find what a step changed while the root is
 * mounted only inside the sandbox's mount namespace.
 */
public final class OverlayStack {

    static final String USER_OPAQUE = "user.overlay.opaque";
    static final String TRUSTED_OPAQUE = "trusted.overlay.opaque";

    private final List<Path> topFirst;

    public OverlayStack(List<Path> topFirst) {
        this.topFirst = List.copyOf(topFirst);
        topFirst.forEach(dir -> Objects.requireNonNull(dir, "stacked directory"));
    }

    /** The stacked directories, topmost first. */
    public List<Path> directories() {
        return topFirst;
    }

    /**
     * The host path of what the merged tree shows at {@code relative} ({@code a/b}, no leading
     * slash; empty for the root), not following a final symlink; null when nothing is there.
     */
    public Path locate(String relative) throws IOException {
        List<String> parts = parts(relative);
        if (parts.isEmpty()) {
            return topFirst.isEmpty() ? null : topFirst.get(0);
        }
        List<Path> parents = merged(parts.subList(0, parts.size() - 1));
        String name = parts.get(parts.size() - 1);
        for (Path parent : parents) {
            Path entry = parent.resolve(name);
            Map<String, Object> attributes = lstat(entry);
            if (attributes == null) {
                continue;
            }
            return isWhiteout(attributes) ? null : entry;
        }
        return null;
    }

    /** The names the merged directory at {@code relative} lists, sorted; empty when it is no directory. */
    public List<String> names(String relative) throws IOException {
        Map<String, Boolean> visible = new LinkedHashMap<>();
        for (Path dir : merged(parts(relative))) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!visible.containsKey(name)) {
                        visible.put(name, !isWhiteout(lstat(entry)));
                    }
                }
            }
        }
        TreeSet<String> names = new TreeSet<>();
        visible.forEach((name, shown) -> {
            if (shown) {
                names.add(name);
            }
        });
        return new ArrayList<>(names);
    }

    /** The host directories that merge into the directory at {@code parts}, topmost first; empty if it is none. */
    private List<Path> merged(List<String> parts) throws IOException {
        List<Path> dirs = new ArrayList<>(topFirst);
        for (String part : parts) {
            List<Path> next = new ArrayList<>();
            for (Path dir : dirs) {
                Path entry = dir.resolve(part);
                Map<String, Object> attributes = lstat(entry);
                if (attributes == null) {
                    continue;
                }
                if (isWhiteout(attributes) || !isDirectory(attributes)) {
                    break; // hides this name in every directory below
                }
                next.add(entry);
                if (isOpaque(entry)) {
                    break;
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            dirs = next;
        }
        return dirs;
    }

    /** Whether an upper or lower directory hides what the directories below it hold at its path. */
    public static boolean isOpaque(Path directory) throws IOException {
        return flagSet(directory, USER_OPAQUE) || flagSet(directory, TRUSTED_OPAQUE);
    }

    private static boolean flagSet(Path directory, String name) {
        try {
            byte[] value = ExtendedAttributes.get(directory, name);
            return value != null && Arrays.equals(value, "y".getBytes(StandardCharsets.US_ASCII));
        } catch (NativeFileException e) {
            return false; // trusted.* cannot be read without root: then no mount by real root wrote it either
        }
    }

    /** Whether the file at {@code path} is an overlayfs whiteout. */
    public static boolean isWhiteout(Path path) throws IOException {
        Map<String, Object> attributes = lstat(path);
        return attributes != null && isWhiteout(attributes);
    }

    private static boolean isWhiteout(Map<String, Object> attributes) {
        return ((Integer) attributes.get("mode") & 0170000) == 0020000 && (Long) attributes.get("rdev") == 0;
    }

    private static boolean isDirectory(Map<String, Object> attributes) {
        return ((Integer) attributes.get("mode") & 0170000) == 0040000;
    }

    private static Map<String, Object> lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static List<String> parts(String relative) {
        List<String> parts = new ArrayList<>();
        for (String part : relative.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }
}
