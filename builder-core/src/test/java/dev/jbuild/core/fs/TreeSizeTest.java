package dev.jbuild.core.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSizeTest {

    @TempDir
    Path dir;

    @Test
    void aHardlinkedFileCountsOnceAcrossTheTreesThatLinkIt() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("parent"));
        Path child = Files.createDirectories(dir.resolve("child"));
        Path file = Files.write(parent.resolve("big"), new byte[300_000]);
        Files.createLink(parent.resolve("big-again"), file);
        Files.createLink(child.resolve("big"), file);
        Files.write(child.resolve("own"), new byte[1_000]);

        assertEquals(301_000, TreeSize.of(parent) + TreeSize.of(child));
        assertEquals(200_000, TreeSize.of(parent), "two of the file's three links");
    }

    @Test
    void filesAndNotDirectoriesOrSymlinksAreCounted() throws Exception {
        Files.write(Files.createDirectories(dir.resolve("a/b")).resolve("f"), new byte[42]);
        Files.createSymbolicLink(dir.resolve("a/link"), Path.of("b/f"));

        assertEquals(42, TreeSize.of(dir.resolve("a")));
    }
}
