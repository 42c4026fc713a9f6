package dev.jbuild.core.progress;

/** Receives build events; called from the threads that run steps, so implementations synchronise. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = event -> { };

    void on(BuildEvent event);
}
