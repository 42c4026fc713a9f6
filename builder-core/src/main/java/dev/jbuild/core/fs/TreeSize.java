package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes that deleting a tree would free, for du and prune: the apparent sizes of its regular
 * files (symlinks not followed), each inode once, and only inodes whose every link is inside the
 * tree, since snapshots share files with the cached stack they were linked from. A directory
 * that cannot be read, or vanishes while being walked, counts as empty.
 */
public final class TreeSize {

    private TreeSize() {
    }

    public static long of(Path root) {
        if (!Files.exists(root)) {
            return 0;
        }
        long[] total = {0};
        // links seen so far of each multiply linked inode, and the inode's link count
        Map<Object, int[]> shared = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!attributes.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    int links = linkCount(file);
                    if (links <= 1 || attributes.fileKey() == null) {
                        total[0] += attributes.size();
                        return FileVisitResult.CONTINUE;
                    }
                    int[] seen = shared.computeIfAbsent(attributes.fileKey(), key -> new int[] {0, links});
                    if (++seen[0] == seen[1]) {
                        total[0] += attributes.size();
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
        return total[0];
    }

    private static int linkCount(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }
}
