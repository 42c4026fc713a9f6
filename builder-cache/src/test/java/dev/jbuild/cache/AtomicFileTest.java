package dev.jbuild.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path temp;

    @Test
    void replacesTheWholeFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = temp.resolve("dir/index.json");
        AtomicFile.write(target, "old, and longer".getBytes(StandardCharsets.UTF_8));

        AtomicFile.write(target, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.close(); // as a tar writer closes what it writes to
        });

        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
        try (var entries = Files.list(target.getParent())) {
            assertEquals(List.of(target), entries.toList());
        }
    }

    @Test
    void anOutputTheUserNamedIsReadableByOthersWhileStoreFilesStayPrivate() throws IOException {
        Path output = temp.resolve("out/metadata.json");
        Path record = temp.resolve("store/record.json");

        AtomicFile.writeOutput(output, out -> out.write('{'));
        AtomicFile.write(record, new byte[] {'{'});

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(output)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
        try (var entries = Files.list(output.getParent())) {
            assertEquals(List.of(output), entries.toList());
        }
    }

    @Test
    void anUnsyncedWriteAlsoReplacesTheWholeFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = temp.resolve("memo/size");
        AtomicFile.writeUnsynced(target, "123456".getBytes(StandardCharsets.US_ASCII));

        AtomicFile.writeUnsynced(target, "42".getBytes(StandardCharsets.US_ASCII));

        assertArrayEquals("42".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(target));
        try (var entries = Files.list(target.getParent())) {
            assertEquals(List.of(target), entries.toList());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFile() throws IOException {
        Path target = temp.resolve("state");
        Files.writeString(target, "kept");

        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));

        assertEquals("kept", Files.readString(target));
        try (var entries = Files.list(temp)) {
            assertEquals(List.of(target), entries.toList());
        }
    }

    @Test
    void replaceMovesAFinishedFileOverTheTarget() throws IOException {
        Path finished = Files.writeString(temp.resolve("part"), "done");
        Path target = Files.writeString(temp.resolve("final"), "before");

        AtomicFile.replace(finished, target);

        assertEquals("done", Files.readString(target));
        assertFalse(Files.exists(finished));
    }
}
