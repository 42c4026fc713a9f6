package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void buildkitFormatIsTheDefault() throws Exception {
        CommandRun run = CommandRun.of("parse", write("FROM a\nCOPY --from=b x y\n").toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("(from \"a\")\n(copy [\"--from=b\"] \"x\" \"y\")\n", run.out());
    }

    @Test
    void jsonFormatHasArgumentsAndPositions() throws Exception {
        CommandRun run = CommandRun.of("parse", "--format=json", "-f",
                write("# syntax=x\nFROM a\n  RUN <<EOF\nhi\nEOF\n").toString());
        assertEquals(0, run.status(), run.err());
        JsonNode tree = new ObjectMapper().readTree(run.out());
        assertEquals("x", tree.at("/directives/0/value").asText());
        JsonNode runInstruction = tree.at("/instructions/1");
        assertEquals("RUN", runInstruction.get("keyword").asText());
        assertEquals(3, runInstruction.get("startLine").asInt());
        assertEquals(3, runInstruction.get("startColumn").asInt());
        assertEquals(5, runInstruction.get("endLine").asInt());
        assertEquals("hi\n", runInstruction.at("/heredocs/0/content").asText());
    }

    @Test
    void brokenDockerfileExitsOneWithPositionAndCaret() throws Exception {
        CommandRun run = CommandRun.of("parse", write("FROM a\nENV NOVALUE\n").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("Dockerfile:2:"), run.err());
        assertTrue(run.err().contains(" 2 | ENV NOVALUE"), run.err());
        assertTrue(run.err().contains("^"), run.err());
    }

    @Test
    void warningsGoToStandardError() throws Exception {
        CommandRun run = CommandRun.of("parse", write("FROM a\nRUN a \\\n\n b\n").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains(":3: warning: empty continuation line"), run.err());
        assertEquals("(from \"a\")\n(run \"a  b\")\n", run.out());
    }

    @Test
    void unknownFlagIsBadUsageNamingTheFlag() {
        CommandRun run = CommandRun.of("parse", "--frmat=json");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--frmat=json"), run.err());
    }

    @Test
    void unknownFormatIsBadUsage() throws Exception {
        CommandRun run = CommandRun.of("parse", "--format=yaml", write("FROM a\n").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("yaml"), run.err());
    }

    @Test
    void missingFileIsBadUsage() {
        CommandRun run = CommandRun.of("parse", dir.resolve("nope").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("no such file"), run.err());
    }

    @Test
    void directoryMeansItsDockerfile() throws Exception {
        write("FROM a\n");
        CommandRun run = CommandRun.of("parse", dir.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("(from \"a\")\n", run.out());
    }
}
