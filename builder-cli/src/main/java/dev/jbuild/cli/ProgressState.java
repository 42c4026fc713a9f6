package dev.jbuild.cli;

import dev.jbuild.core.progress.BuildEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The steps of a build as the events so far describe them, with the time each event arrived:
 * what the live view draws. Not thread-safe; its owner synchronises.
 */
final class ProgressState {

    /** How many output lines of a step are kept for the view. */
    static final int TAIL_LINES = 6;

    /** One step as shown: {@code completed} is empty while it runs. */
    record Step(int vertex, String name, Instant started, Instant completed, Duration elapsed, boolean cached,
            String error, boolean canceled, List<String> tail, List<String> warnings) {

        boolean running() {
            return completed == null;
        }

        /** How long it has run by {@code now}, or ran. */
        Duration duration(Instant now) {
            if (elapsed != null) {
                return elapsed;
            }
            return Duration.between(started, completed == null ? now : completed);
        }
    }

    private final Instant start;
    private final Map<Integer, MutableStep> steps = new TreeMap<>();

    ProgressState(Instant start) {
        this.start = start;
    }

    Instant start() {
        return start;
    }

    void apply(BuildEvent event, Instant now) {
        MutableStep step = steps.computeIfAbsent(event.vertex(), v -> new MutableStep(now));
        if (event instanceof BuildEvent.Started s) {
            step.name = s.name();
            step.started = now;
        } else if (event instanceof BuildEvent.Cached) {
            step.cached = true;
            step.completed = now;
            step.elapsed = Duration.ZERO;
        } else if (event instanceof BuildEvent.Output o) {
            step.tail.addLast(o.line());
            if (step.tail.size() > TAIL_LINES) {
                step.tail.removeFirst();
            }
        } else if (event instanceof BuildEvent.Done d) {
            step.completed = now;
            step.elapsed = d.elapsed();
        } else if (event instanceof BuildEvent.Failed f) {
            step.completed = now;
            step.error = f.message();
        } else if (event instanceof BuildEvent.Canceled) {
            step.completed = now;
            step.canceled = true;
        } else if (event instanceof BuildEvent.Warning w) {
            step.warnings.add(w.message());
        }
    }

    /** The steps by number, as they stand. */
    List<Step> steps() {
        List<Step> out = new ArrayList<>(steps.size());
        steps.forEach((vertex, s) -> out.add(new Step(vertex, s.name, s.started, s.completed, s.elapsed, s.cached,
                s.error, s.canceled, List.copyOf(s.tail), List.copyOf(s.warnings))));
        return out;
    }

    private static final class MutableStep {
        String name = "";
        Instant started;
        Instant completed;
        Duration elapsed;
        boolean cached;
        String error;
        boolean canceled;
        final Deque<String> tail = new ArrayDeque<>();
        final List<String> warnings = new ArrayList<>();

        MutableStep(Instant now) {
            this.started = now;
        }
    }
}
