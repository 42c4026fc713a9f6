package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    private CommandRun check(String text) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, text);
        return CommandRun.of("check", file.toString());
    }

    @Test
    void validDockerfileExitsZeroWithASummary() throws Exception {
        CommandRun run = check("FROM busybox AS build\nRUN echo hi\nFROM busybox\nCOPY --from=build /a /b\nCMD [\"sh\"]\n");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("valid (2 stages, 5 instructions, 0 warnings)"), run.out());
    }

    @Test
    void unknownInstructionExitsOneWithSuggestionAndCaret() throws Exception {
        CommandRun run = check("FROM busybox\nRUNN echo hi\n");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("Dockerfile:2:1:"), run.err());
        assertTrue(run.err().contains("RUN"), run.err());
        assertTrue(run.err().contains(" 2 | RUNN echo hi"), run.err());
    }

    @Test
    void unknownFlagIsNamed() throws Exception {
        CommandRun run = check("FROM busybox\nCOPY --chwon=1 a b\n");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("chwon"), run.err());
    }

    @Test
    void lintWarningsGoToStandardErrorAndDoNotFail() throws Exception {
        CommandRun run = check("FROM busybox AS Build\nMAINTAINER me\nCMD echo hi\n");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("StageNameCasing"), run.err());
        assertTrue(run.err().contains("MaintainerDeprecated"), run.err());
        assertTrue(run.err().contains("JSONArgsRecommended"), run.err());
    }

    @Test
    void checkDirectiveCanTurnWarningsIntoErrors() throws Exception {
        CommandRun run = check("# check=error=true\nFROM busybox\nMAINTAINER me\n");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("MaintainerDeprecated"), run.err());
    }
}
