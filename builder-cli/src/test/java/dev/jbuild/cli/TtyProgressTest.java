package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.ManualClock;
import dev.jbuild.core.progress.BuildEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TtyProgressTest {

    @Test
    void closingLeavesTheLastFrameOnScreenAndStopsDrawing() {
        StringWriter text = new StringWriter();
        ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
        TtyProgress progress = new TtyProgress(new PrintWriter(text), clock, new TtyFrame(80, 24, false));
        progress.on(new BuildEvent.Started(1, "[1/1] FROM busybox"));
        progress.on(new BuildEvent.Done(1, Duration.ofMillis(300)));
        clock.advance(Duration.ofMillis(300));
        progress.close();
        String written = text.toString();
        String last = written.substring(written.lastIndexOf("\r\u001B[2K[+] Building"));
        assertTrue(last.startsWith("\r\u001B[2K[+] Building 0.3s (1/1) FINISHED\n\r\u001B[2K => [1/1] FROM busybox "), last);
        assertTrue(last.endsWith(" 0.3s\n\u001B[J"), last);
        progress.close();
        assertEquals(written, text.toString(), "nothing is drawn after close");
    }
}
