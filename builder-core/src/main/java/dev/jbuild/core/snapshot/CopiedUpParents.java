package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.OverlayStack;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * The directories overlayfs copied up only because the sandbox made a mount stub in them
 * ({@code /etc} for an {@code /etc/hosts} the image lacks), removed from the upper directory
 * once the stub is gone and they are again exactly as the lower stack shows them: empty, not
 * opaque, with the same owner, mode, times and extended attributes. The layer is the same
 * without them (the diff records no change for such a directory), but left in place, every
 * later step's lower stack would hold one more copy of each, and every lookup below it
 * ({@code /etc/passwd} for USER, the stubs, the diff's listing of {@code /etc}) would visit
 * every layer's copy: on a 40-step build, 40 stats and 80 attribute reads per name.
 */
final class CopiedUpParents {

    private CopiedUpParents() {
    }

    /** Removes the copied-up parents of {@code mountStubs} (container paths) from {@code upper}, innermost first. */
    static void remove(OverlayStack lower, Path upper, Set<String> mountStubs) throws IOException {
        for (String stub : mountStubs) {
            String relative = stub.startsWith("/") ? stub.substring(1) : stub;
            for (int slash = relative.lastIndexOf('/'); slash > 0; slash = relative.lastIndexOf('/', slash - 1)) {
                if (!removeIfUnchanged(lower, upper, relative.substring(0, slash))) {
                    break;
                }
            }
        }
    }

    private static boolean removeIfUnchanged(OverlayStack lower, Path upper, String relative) throws IOException {
        Path copy = upper.resolve(relative);
        if (!Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS) || !empty(copy) || OverlayStack.isOpaque(copy)) {
            return false;
        }
        Path original = lower.locate(relative);
        if (original == null || !Files.isDirectory(original, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        FileState before = FileState.read(original);
        FileState after = FileState.read(copy);
        if (!TreeDiff.sameMetadata(before, after, original, copy)
                || !Files.getLastModifiedTime(original, LinkOption.NOFOLLOW_LINKS)
                        .equals(Files.getLastModifiedTime(copy, LinkOption.NOFOLLOW_LINKS))) {
            return false;
        }
        // the removal touches the parent's times, which the next check up compares
        Path parent = copy.getParent();
        BasicFileAttributes times = Files.readAttributes(parent, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Files.delete(copy);
        Files.getFileAttributeView(parent, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(times.lastModifiedTime(), times.lastAccessTime(), null);
        return true;
    }

    private static boolean empty(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }
}
