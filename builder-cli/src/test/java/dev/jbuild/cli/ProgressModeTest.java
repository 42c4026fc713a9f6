package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressModeTest {

    @Test
    void autoIsTheLiveViewOnATerminalAndPlainElsewhere() {
        assertEquals(ProgressMode.TTY, ProgressMode.parse("auto").resolve(true));
        assertEquals(ProgressMode.PLAIN, ProgressMode.parse("auto").resolve(false));
        assertEquals(ProgressMode.RAWJSON, ProgressMode.parse("rawjson").resolve(true));
        assertEquals(ProgressMode.PLAIN, ProgressMode.parse("plain").resolve(true));
    }

    @Test
    void buildkitProgressChoosesTheModeUnlessTheFlagDoes() {
        assertEquals(ProgressMode.PLAIN, ProgressMode.choose(null, Map.of("BUILDKIT_PROGRESS", "plain")));
        assertEquals(ProgressMode.RAWJSON, ProgressMode.choose("rawjson", Map.of("BUILDKIT_PROGRESS", "plain")));
        assertEquals(ProgressMode.AUTO, ProgressMode.choose(null, Map.of()));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ProgressMode.choose(null, Map.of("BUILDKIT_PROGRESS", "fancy")));
        assertTrue(e.getMessage().startsWith("BUILDKIT_PROGRESS must be auto, tty"), e.getMessage());
    }

    @Test
    void unknownModeIsRefusedNamingTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProgressMode.parse("fancy"));
        assertTrue(e.getMessage().contains("auto, tty, plain, rawjson or quiet, not fancy"), e.getMessage());
    }

    @Test
    void terminalSizeComesFromTheEnvironmentThenTheKernelElseEightyByTwentyFour() {
        assertEquals(new Terminal(132, 50, true),
                Terminal.fromEnvironment(Map.of("COLUMNS", "132", "LINES", "50"), Optional.of(new TerminalSize(200, 60))));
        assertEquals(new Terminal(80, 24, false),
                Terminal.fromEnvironment(Map.of("COLUMNS", "wide", "NO_COLOR", "1"), Optional.empty()));
        assertEquals(new Terminal(200, 60, true), Terminal.fromEnvironment(Map.of(), Optional.of(new TerminalSize(200, 60))));
    }

    @Test
    void aDumbTerminalGetsPlainProgress() {
        assertEquals(false, Terminal.stderrIsTerminal(Map.of("TERM", "dumb")));
    }
}
