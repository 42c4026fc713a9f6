package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Deletes a directory tree that may hold what images hold: directories without write or
 * search permission (mode 0555 or 0000, which a process without root must open up before
 * it can empty them), symlinks (removed, never followed), fifos and device nodes.
 */
public final class TreeDeletion {

    private TreeDeletion() {
    }

    /** Deletes the file or tree at {@code path}; nothing there is fine. */
    public static void delete(Path path) throws IOException {
        DepthFirst.run(next -> deleteEntry(path, next));
    }

    /** Empties a directory (its children first, then itself) or deletes anything else. */
    private static void deleteEntry(Path path, List<DepthFirst.Step> next) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & 0170000) != 0040000) {
            Files.deleteIfExists(path);
            return;
        }
        if ((mode & 0700) != 0700) {
            openUp(path, mode);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
            for (Path child : children) {
                next.add(more -> deleteEntry(child, more));
            }
        }
        next.add(more -> Files.deleteIfExists(path));
    }

    private static void openUp(Path directory, int mode) {
        try {
            PosixAttributes.chmod(directory, (mode & 07777) | 0700);
        } catch (NativeFileException e) {
            // Not ours to change: listing or deleting will fail next and report the path.
        }
    }
}
