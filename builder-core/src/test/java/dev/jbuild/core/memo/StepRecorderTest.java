package dev.jbuild.core.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.progress.BuildEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepRecorderTest {

    @Test
    void aFullyCachedBuildIsKeptInTheOrderItsStepsStarted() {
        StepRecorder recorder = new StepRecorder();
        recorder.on(new BuildEvent.Started(2, "[2/2] RUN a"));
        recorder.on(new BuildEvent.Started(1, "[1/2] FROM busybox"));
        recorder.on(new BuildEvent.Done(1, Duration.ZERO));
        recorder.on(new BuildEvent.Cached(2));
        assertEquals(Optional.of(List.of(new MemoStep(2, "[2/2] RUN a", true), new MemoStep(1, "[1/2] FROM busybox", false))),
                recorder.steps());
    }

    @Test
    void outputAWarningOrAnUnfinishedStepIsNothingAMemoCanRepeat() {
        StepRecorder output = new StepRecorder();
        output.on(new BuildEvent.Started(1, "[1/1] RUN a"));
        output.on(new BuildEvent.Output(1, "hello"));
        output.on(new BuildEvent.Done(1, Duration.ZERO));
        assertTrue(output.steps().isEmpty());
        StepRecorder warning = new StepRecorder();
        warning.on(new BuildEvent.Warning(1, "cannot read the shared cache"));
        assertTrue(warning.steps().isEmpty());
        StepRecorder unfinished = new StepRecorder();
        unfinished.on(new BuildEvent.Started(1, "[1/1] RUN a"));
        assertTrue(unfinished.steps().isEmpty());
    }
}
