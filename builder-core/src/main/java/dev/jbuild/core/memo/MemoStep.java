package dev.jbuild.core.memo;

import java.util.Objects;

/** One step as a fully cached build showed it: its number, its name, and whether it was {@code CACHED} or {@code DONE}. */
public record MemoStep(int vertex, String name, boolean cached) {

    public MemoStep {
        Objects.requireNonNull(name, "name");
        if (vertex < 1) {
            throw new IllegalArgumentException("a step's number starts at 1, not " + vertex);
        }
    }
}
