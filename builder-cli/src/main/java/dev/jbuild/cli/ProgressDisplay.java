package dev.jbuild.cli;

import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.PlainProgress;
import dev.jbuild.core.progress.ProgressListener;
import java.io.PrintWriter;

/**
 * A way of showing a build's progress that owns standard error until it is closed: closing
 * writes what remains (a live view's final frame) so that later messages never interleave
 * with it.
 */
interface ProgressDisplay extends ProgressListener, AutoCloseable {

    /**
     * The display of {@code --progress=quiet} and {@code -q}: only warnings, as {@code WARNING: …},
     * since they are about the build's inputs rather than its progress.
     */
    static ProgressDisplay warningsOnly(PrintWriter out) {
        return new ProgressDisplay() {
            @Override
            public void on(BuildEvent event) {
                if (event instanceof BuildEvent.Warning w) {
                    out.println("WARNING: " + w.message());
                    out.flush();
                }
            }

            @Override
            public void close() {
            }
        };
    }

    /** A core renderer as a display: it owns standard error until it is closed. */
    static ProgressDisplay of(PlainProgress plain) {
        return new ProgressDisplay() {
            @Override
            public void on(BuildEvent event) {
                plain.on(event);
            }

            @Override
            public void close() {
                plain.close();
            }
        };
    }

    @Override
    void close();
}
