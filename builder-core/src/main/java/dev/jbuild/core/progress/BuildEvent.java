package dev.jbuild.core.progress;

import java.time.Duration;

/**
 * What the engine tells about a build as it goes; the CLI, CI and Maven renderers differ only in
 * how they show these. {@code vertex} numbers steps in the order they were announced.
 */
public sealed interface BuildEvent {

    int vertex();

    /** A step begins: {@code name} is how it is shown, e.g. {@code [build 2/5] RUN make}. */
    record Started(int vertex, String name) implements BuildEvent {
    }

    /** The step's result came from the cache; it will not run. */
    record Cached(int vertex) implements BuildEvent {
    }

    /** A line the step's command printed. */
    record Output(int vertex, String line) implements BuildEvent {
    }

    /** The step finished. */
    record Done(int vertex, Duration elapsed) implements BuildEvent {
    }

    /** Something the user should know that does not fail the build, e.g. a shared cache that cannot be read. */
    record Warning(int vertex, String message) implements BuildEvent {
    }

    /** The step failed; {@code message} says how. */
    record Failed(int vertex, String message) implements BuildEvent {
    }

    /** The step was stopped because the build was interrupted (Ctrl-C) or another step failed first. */
    record Canceled(int vertex) implements BuildEvent {
    }
}
