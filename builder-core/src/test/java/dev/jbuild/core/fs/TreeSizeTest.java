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
    void countsWhatDeletingTheTreeFreesEachInodeOnce() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("parent"));
        Files.write(parent.resolve("shared"), new byte[1000]);
        Files.write(parent.resolve("own"), new byte[10]);
        Files.createLink(parent.resolve("own-again"), parent.resolve("own"));
        Path child = Files.createDirectories(dir.resolve("child"));
        Files.createLink(child.resolve("shared"), parent.resolve("shared"));
        Files.write(child.resolve("new"), new byte[100]);
        Files.createSymbolicLink(child.resolve("link"), Path.of("new"));

        assertEquals(10, TreeSize.of(parent), "the shared file stays while the child links it; own counts once");
        assertEquals(100, TreeSize.of(child));
        assertEquals(1110, TreeSize.of(dir), "the whole holds every link of every inode");
        assertEquals(0, TreeSize.of(dir.resolve("missing")));
    }
}
