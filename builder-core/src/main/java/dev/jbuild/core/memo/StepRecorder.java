package dev.jbuild.core.memo;

import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listens to a build and keeps its steps as a memo shows them. Only a build whose every step
 * started and then was {@code CACHED} or {@code DONE}, with no output and no warning, is one
 * a memo can repeat; anything else makes {@link #steps()} empty.
 */
public final class StepRecorder implements ProgressListener {

    private final Map<Integer, String> names = new LinkedHashMap<>();
    private final Map<Integer, Boolean> cached = new LinkedHashMap<>();
    private boolean other;

    @Override
    public synchronized void on(BuildEvent event) {
        if (event instanceof BuildEvent.Started s) {
            names.put(s.vertex(), s.name());
        } else if (event instanceof BuildEvent.Cached c) {
            cached.put(c.vertex(), true);
        } else if (event instanceof BuildEvent.Done d) {
            cached.putIfAbsent(d.vertex(), false);
        } else {
            other = true;
        }
    }

    /** The steps in the order they started, if a memo can show this build. */
    public synchronized Optional<List<MemoStep>> steps() {
        if (other || !names.keySet().equals(cached.keySet())) {
            return Optional.empty();
        }
        List<MemoStep> out = new ArrayList<>();
        names.forEach((vertex, name) -> out.add(new MemoStep(vertex, name, cached.get(vertex))));
        return Optional.of(out);
    }
}
