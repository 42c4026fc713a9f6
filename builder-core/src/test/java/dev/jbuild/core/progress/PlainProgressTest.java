package dev.jbuild.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.core.testing.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlainProgressTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final StringWriter text = new StringWriter();
    private final PlainProgress progress = new PlainProgress(new PrintWriter(text), clock);

    @Test
    void stepsAreBlocksAsInBuildkitsPlainOutput() {
        progress.on(new BuildEvent.Started(1, "[1/3] FROM docker.io/library/busybox:latest"));
        progress.on(new BuildEvent.Done(1, Duration.ofMillis(40)));
        progress.on(new BuildEvent.Started(2, "[2/3] COPY . ."));
        progress.on(new BuildEvent.Cached(2));
        progress.on(new BuildEvent.Started(3, "[3/3] RUN make"));
        clock.advance(Duration.ofMillis(84));
        progress.on(new BuildEvent.Output(3, "cc -o app main.c"));
        progress.on(new BuildEvent.Done(3, Duration.ofMillis(400)));
        progress.close();
        assertEquals("""
                #1 [1/3] FROM docker.io/library/busybox:latest
                #1 DONE 0.0s

                #2 [2/3] COPY . .
                #2 CACHED

                #3 [3/3] RUN make
                #3 0.084 cc -o app main.c
                #3 DONE 0.4s

                """, text.toString());
    }

    @Test
    void parallelStepsTakingTurnsAreMarkedUnfinishedAndNamedAgain() {
        progress.on(new BuildEvent.Started(1, "[a 2/2] RUN work"));
        progress.on(new BuildEvent.Started(2, "[b 2/2] RUN work"));
        clock.advance(Duration.ofSeconds(1));
        progress.on(new BuildEvent.Output(1, "a says"));
        progress.on(new BuildEvent.Failed(1, "process \"/bin/sh -c work\" did not complete successfully: exit code: 1"));
        progress.on(new BuildEvent.Canceled(2));
        assertEquals("""
                #1 [a 2/2] RUN work
                #1 ...

                #2 [b 2/2] RUN work
                #2 ...

                #1 [a 2/2] RUN work
                #1 1.000 a says
                #1 ERROR: process "/bin/sh -c work" did not complete successfully: exit code: 1

                #2 [b 2/2] RUN work
                #2 CANCELED
                """, text.toString());
    }
}
