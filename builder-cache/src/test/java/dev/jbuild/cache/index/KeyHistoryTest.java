package dev.jbuild.cache.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyHistoryTest {

    @TempDir
    Path data;

    @Test
    void aMissNamesTheInputThatChanged() {
        KeyHistory history = new KeyHistory(data);
        history.record("Dockerfile/0/1", Map.of("argv", List.of("echo a")));

        assertEquals("cache miss: the command changed",
                history.explainMiss("Dockerfile/0/1", Map.of("argv", List.of("echo b"))));
    }

    /** Records are written without fsync: what a power cut leaves (an empty file) only loses the explanation. */
    @Test
    void anEmptyRecordReadsAsNoEarlierBuild() throws IOException {
        KeyHistory history = new KeyHistory(data);
        history.record("Dockerfile/0/1", Map.of("argv", List.of("echo a")));
        try (Stream<Path> records = Files.list(data.resolve("cache/explain"))) {
            for (Path record : records.toList()) {
                Files.write(record, new byte[0]);
            }
        }

        assertEquals("cache miss: no earlier build of this step is recorded here",
                history.explainMiss("Dockerfile/0/1", Map.of("argv", List.of("echo b"))));
    }
}
