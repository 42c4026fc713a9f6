package dev.jbuild.cli;

import dev.jbuild.core.progress.BuildEvent;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/**
 * The live view on a terminal: one renderer thread redraws the {@link TtyFrame} in place about
 * ten times a second (cursor up over the last frame, each line cleared and rewritten), and
 * closing draws the last frame, which stays on screen. Only that thread, then {@link #close},
 * write to the stream, each frame in one write, so frames never interleave with each other.
 */
final class TtyProgress implements ProgressDisplay {

    private static final long FRAME_MILLIS = 100;

    private final PrintWriter out;
    private final Clock clock;
    private final TtyFrame frame;
    private final ProgressState state;
    private final Thread renderer;
    private int drawnLines;
    private boolean closed;

    TtyProgress(PrintWriter out, Clock clock, TtyFrame frame) {
        this.out = out;
        this.clock = clock;
        this.frame = frame;
        this.state = new ProgressState(clock.instant());
        this.renderer = new Thread(this::renderLoop, "jbuild-progress");
        renderer.setDaemon(true);
        renderer.start();
    }

    @Override
    public void on(BuildEvent event) {
        synchronized (state) {
            state.apply(event, clock.instant());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            renderer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw(true);
    }

    private void renderLoop() {
        synchronized (this) {
            while (!closed) {
                draw(false);
                try {
                    wait(FRAME_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void draw(boolean last) {
        List<String> lines;
        synchronized (state) {
            lines = frame.render(state.steps(), state.start(), clock.instant(), last);
        }
        StringBuilder text = new StringBuilder();
        if (drawnLines > 0) {
            text.append("\u001B[").append(drawnLines).append('A');
        }
        for (String line : lines) {
            text.append("\r\u001B[2K").append(line).append('\n');
        }
        // A shorter frame than the last leaves old lines below it.
        text.append("\u001B[J");
        out.print(text);
        out.flush();
        drawnLines = lines.size();
    }
}
