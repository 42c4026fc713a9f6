package dev.jbuild.core.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoDirectoryTest {

    @TempDir
    Path data;

    private static BuildMemo memo(String key) {
        return new BuildMemo(key, List.of(), List.of(), "sha256:1", "sha256:2", List.of("x"), List.of(), List.of());
    }

    @Test
    void aMemoIsFoundByItsKeyAndByNoOther() throws Exception {
        MemoDirectory directory = new MemoDirectory(data);
        directory.write(memo("arg build\narg a\n"));
        assertEquals(Optional.of(memo("arg build\narg a\n")), directory.read("arg build\narg a\n"));
        assertEquals(Optional.empty(), directory.read("arg build\narg b\n"));
    }

    @Test
    void rewritingReplacesByRenameAndLeavesNoTemporaryFile() throws Exception {
        MemoDirectory directory = new MemoDirectory(data);
        directory.write(memo("k"));
        directory.write(new BuildMemo("k", List.of(), List.of(), "sha256:3", "sha256:4", List.of(), List.of(), List.of()));
        assertEquals("sha256:3", directory.read("k").orElseThrow().imageId());
        try (Stream<Path> files = Files.list(directory.directory())) {
            assertEquals(1, files.count());
        }
        directory.forget("k");
        assertEquals(Optional.empty(), directory.read("k"));
    }

    @Test
    void aDamagedMemoIsNone() throws Exception {
        MemoDirectory directory = new MemoDirectory(data);
        directory.write(memo("k"));
        try (Stream<Path> files = Files.list(directory.directory())) {
            Path file = files.findFirst().orElseThrow();
            Files.writeString(file, "jbuild-memo 1\nkey k\nimage sha256:1\n");
        }
        assertTrue(directory.read("k").isEmpty());
    }
}
