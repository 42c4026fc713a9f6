package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The bytes the regular files of a tree hold (apparent sizes, symlinks not followed), for
 * du and prune. A file with several hard links counts once in all: each link is charged its
 * share (size divided by the link count), so the trees of a data directory that link one file
 * (a COPY snapshot links its parent's files) add up to the file's size, not a multiple of it.
 * A directory that cannot be read, or vanishes while being walked, counts as empty.
 */
public final class TreeSize {

    private TreeSize() {
    }

    public static long of(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        double[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += (double) attributes.size() / links(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the visitor swallows per-file failures; a failure at the root leaves what was counted
        }
        return Math.round(total[0]);
    }

    private static int links(Path file) {
        try {
            return Math.max(1, (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return 1; // gone since the walk saw it, or no link count here: its whole size
        }
    }
}
