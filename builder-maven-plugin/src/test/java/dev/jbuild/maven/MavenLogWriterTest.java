package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenLogWriterTest {

    @Test
    void eachLineGoesToTheLevelItsStepMessageNames() {
        RecordingLog log = new RecordingLog();
        try (PrintWriter out = new PrintWriter(new MavenLogWriter(log))) {
            out.print("#1 [1/2] RUN make\r\n#1 WARNING: no cache\n");
            out.print("#1 ERROR: exit code 2\n\n#2 0.1 ERROR: printed by the command");
        }
        assertEquals(List.of("INFO #1 [1/2] RUN make", "WARN #1 WARNING: no cache", "ERROR #1 ERROR: exit code 2", "INFO ",
                "INFO #2 0.1 ERROR: printed by the command"), log.lines);
    }

    @Test
    void partLinesWaitForTheirEnd() {
        RecordingLog log = new RecordingLog();
        MavenLogWriter writer = new MavenLogWriter(log);
        writer.write("#3 DO".toCharArray(), 0, 5);
        writer.flush();
        assertEquals(List.of(), log.lines);
        writer.write("NE 0.1s\n".toCharArray(), 0, 8);
        assertEquals(List.of("INFO #3 DONE 0.1s"), log.lines);
    }
}
