package dev.jbuild.cli;

import dev.jbuild.core.progress.ProgressListener;

/**
 * A way of showing a build's progress that owns standard error until it is closed: closing
 * writes what remains (a live view's final frame) so that later messages never interleave
 * with it.
 */
interface ProgressDisplay extends ProgressListener, AutoCloseable {

    /** A display that shows nothing, for {@code --progress=quiet} and {@code -q}. */
    ProgressDisplay NONE = new ProgressDisplay() {
        @Override
        public void on(dev.jbuild.core.progress.BuildEvent event) {
        }

        @Override
        public void close() {
        }
    };

    @Override
    void close();
}
