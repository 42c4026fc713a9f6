package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumMemoTest {

    @TempDir
    Path directory;

    private static final ChecksumMemo.Key A = new ChecksumMemo.Key(1, 100, 5, 1_000, 2_000);
    private static final ChecksumMemo.Key B = new ChecksumMemo.Key(1, 101, 7, 3_000, 4_000);
    private static final Digest DA = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest DB = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));

    @Test
    void entriesSurviveSaveAndReopen() {
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            memo.put(A, DA);
        }
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            assertEquals(DA, memo.get(A));
            assertNull(memo.get(B));
            assertNull(memo.get(new ChecksumMemo.Key(1, 100, 5, 1_000, 2_001)), "another change time is another state");
        }
    }

    @Test
    void thousandsOfEntriesSurviveSaveAndReopen() {
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            for (int i = 0; i < 5_000; i++) {
                memo.put(new ChecksumMemo.Key(2, 1_000 + i, i, 10_000 + i, 20_000 + i), digestOf(i));
            }
        }
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            assertEquals(5_000, memo.size());
            for (int i = 0; i < 5_000; i++) {
                assertEquals(digestOf(i), memo.get(new ChecksumMemo.Key(2, 1_000 + i, i, 10_000 + i, 20_000 + i)));
            }
        }
    }

    private static Digest digestOf(int i) {
        return Digest.sha256(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void corruptOrTruncatedFileIsIgnored() throws IOException {
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            memo.put(A, DA);
        }
        Path file = directory.resolve(ChecksumMemo.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            assertEquals(0, memo.size());
        }
        Files.write(file, new byte[] {1, 2, 3});
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            assertEquals(0, memo.size());
        }
    }

    @Test
    void savesLeaveNoTemporaryFilesAndSkipWritingWhenNothingIsNew() throws IOException, InterruptedException {
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            memo.put(A, DA);
        }
        Path file = directory.resolve(ChecksumMemo.FILE_NAME);
        var written = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            memo.get(A);
        }
        assertEquals(written, Files.getLastModifiedTime(file), "a warm run that learned nothing writes nothing");
        try (Stream<Path> files = Files.list(directory)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void concurrentBuildsMergeTheirEntries() {
        ChecksumMemo first = ChecksumMemo.open(directory);
        ChecksumMemo second = ChecksumMemo.open(directory);
        first.put(A, DA);
        second.put(B, DB);
        first.close();
        second.close();
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            assertEquals(DA, memo.get(A));
            assertEquals(DB, memo.get(B));
        }
    }

    @Test
    void oldestEntriesGoBeyondTheLimit() {
        try (ChecksumMemo memo = ChecksumMemo.open(directory, 1)) {
            memo.put(A, DA);
            memo.put(B, DB);
        }
        try (ChecksumMemo memo = ChecksumMemo.open(directory)) {
            assertEquals(1, memo.size());
        }
    }
}
