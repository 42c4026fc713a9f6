package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.progress.BuildEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtyFrameTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    private final ProgressState state = new ProgressState(START);

    private void at(double seconds, BuildEvent event) {
        state.apply(event, START.plusMillis((long) (seconds * 1000)));
    }

    private List<String> render(TtyFrame frame, double seconds, boolean last) {
        return frame.render(state.steps(), START, START.plusMillis((long) (seconds * 1000)), last);
    }

    private void threeSteps() {
        at(0, new BuildEvent.Started(1, "[1/4] FROM docker.io/library/busybox:latest"));
        at(0.1, new BuildEvent.Done(1, Duration.ofMillis(100)));
        at(0.1, new BuildEvent.Started(2, "[2/4] COPY . ."));
        at(0.1, new BuildEvent.Cached(2));
        at(2.0, new BuildEvent.Started(3, "[build 3/4] RUN make"));
        at(2.5, new BuildEvent.Output(3, "cc -c main.c"));
        at(3.0, new BuildEvent.Output(3, "cc -o app main.o"));
    }

    @Test
    void liveFrameHasHeaderStepLinesWithTimesAndTheOutputOfRunningSteps() {
        threeSteps();
        List<String> lines = render(new TtyFrame(80, 24, false), 3.2, false);
        assertEquals("[+] Building 3.2s (2/3)", lines.get(0));
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith(" => [1/4] FROM docker.io/library/busybox:latest "), lines.get(1));
        assertTrue(lines.get(1).endsWith(" 0.1s"), lines.get(1));
        assertTrue(lines.get(2).startsWith(" => CACHED [2/4] COPY . . "), lines.get(2));
        assertTrue(lines.get(2).endsWith(" 0.0s"), lines.get(2));
        assertTrue(lines.get(3).startsWith(" => [build 3/4] RUN make "), lines.get(3));
        assertTrue(lines.get(3).endsWith(" 1.2s"), "a running step's time is counted up to now: " + lines.get(3));
        assertEquals(List.of(" => => # cc -c main.c", " => => # cc -o app main.o"), lines.subList(4, 6));
        lines.subList(1, 4).forEach(line -> assertEquals(79, line.length(), "times line up at the right edge: " + line));
    }

    @Test
    void everyLineIsCutToTheTerminalWidth() {
        at(0, new BuildEvent.Started(1, "[1/2] RUN " + "x".repeat(200)));
        at(0.5, new BuildEvent.Output(1, "y".repeat(300)));
        List<String> lines = render(new TtyFrame(40, 24, false), 12.34, false);
        lines.forEach(line -> assertTrue(line.length() <= 39, line.length() + ": " + line));
        assertTrue(lines.get(1).startsWith(" => [1/2] RUN xxx"), lines.get(1));
        assertTrue(lines.get(1).endsWith("... 12.3s"), "a long name is shortened, its time kept: " + lines.get(1));
        assertEquals(" => => # " + "y".repeat(30), lines.get(2));
    }

    @Test
    void lastFrameOfASuccessfulBuildSaysFinishedAndDropsOutput() {
        threeSteps();
        at(3.5, new BuildEvent.Done(3, Duration.ofMillis(1500)));
        List<String> lines = render(new TtyFrame(80, 24, false), 3.6, true);
        assertEquals("[+] Building 3.6s (3/3) FINISHED", lines.get(0));
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(3).endsWith(" 1.5s"), "a finished step shows the time the engine measured: " + lines.get(3));
    }

    @Test
    void lastFrameOfAFailedBuildKeepsTheFailedStepsOutputTail() {
        at(0, new BuildEvent.Started(1, "[2/2] RUN ./configure"));
        for (int i = 1; i <= 10; i++) {
            at(0.1 * i, new BuildEvent.Output(1, "line " + i));
        }
        at(1.2, new BuildEvent.Failed(1, "process \"/bin/sh -c ./configure\" did not complete successfully: exit code: 2"));
        List<String> lines = render(new TtyFrame(80, 24, false), 1.3, true);
        assertEquals("[+] Building 1.3s (1/1)", lines.get(0), "no FINISHED after a failure");
        assertTrue(lines.get(1).startsWith(" => ERROR [2/2] RUN ./configure "), lines.get(1));
        assertEquals(" => => # line 5", lines.get(2), "the last " + ProgressState.TAIL_LINES + " lines");
        assertEquals(" => => # line 10", lines.get(lines.size() - 1));
    }

    @Test
    void canceledStepsAreMarked() {
        at(0, new BuildEvent.Started(1, "[2/2] RUN sleep 300"));
        at(1, new BuildEvent.Canceled(1));
        List<String> lines = render(new TtyFrame(80, 24, false), 1, true);
        assertTrue(lines.get(1).startsWith(" => CANCELED [2/2] RUN sleep 300"), lines.get(1));
        assertFalse(lines.get(0).contains("FINISHED"), lines.get(0));
    }

    @Test
    void liveFrameDropsTheOldestFinishedStepsToStayBelowTheTerminalHeight() {
        for (int i = 1; i <= 20; i++) {
            at(i, new BuildEvent.Started(i, "[" + i + "/21] RUN step" + i));
            at(i, new BuildEvent.Done(i, Duration.ofMillis(10)));
        }
        at(21, new BuildEvent.Started(21, "[21/21] RUN last"));
        at(21, new BuildEvent.Output(21, "working"));
        List<String> live = render(new TtyFrame(80, 10, false), 22, false);
        assertEquals(9, live.size(), String.join("\n", live));
        assertTrue(live.get(live.size() - 2).startsWith(" => [21/21] RUN last"), String.join("\n", live));
        assertEquals(" => => # working", live.get(live.size() - 1));
        assertTrue(live.get(1).startsWith(" => [15/21] RUN step15"), "the newest finished steps stay: " + live.get(1));
        List<String> last = render(new TtyFrame(80, 10, false), 22, true);
        assertEquals(22, last.size(), "the last frame lists every step");
    }

    @Test
    void colourMarksFinishedStepsBlueFailedRedAndOutputDim() {
        at(0, new BuildEvent.Started(1, "[1/2] FROM busybox"));
        at(0, new BuildEvent.Done(1, Duration.ZERO));
        at(0, new BuildEvent.Started(2, "[2/2] RUN false"));
        at(0, new BuildEvent.Output(2, "oops"));
        at(0, new BuildEvent.Failed(2, "exit code: 1"));
        List<String> lines = render(new TtyFrame(80, 24, true), 1, true);
        assertTrue(lines.get(1).startsWith("\u001B[34m => [1/2] FROM busybox"), lines.get(1));
        assertTrue(lines.get(2).startsWith("\u001B[31m => ERROR [2/2] RUN false"), lines.get(2));
        assertEquals("\u001B[2m => => # oops\u001B[0m", lines.get(3));
    }

    @Test
    void commandOutputCannotMoveTheCursor() {
        assertEquals("100% done", TtyFrame.printable("10%\r50%\r100% done"));
        assertEquals("red text", TtyFrame.printable("\u001B[31mred\u001B[0m\ttext"));
        assertEquals("bell", TtyFrame.printable("be\u0007ll\u001B[2K"));
    }
}
