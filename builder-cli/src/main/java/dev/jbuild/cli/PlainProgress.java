package dev.jbuild.cli;

import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.ProgressListener;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress as plain lines, like BuildKit's {@code --progress=plain}: {@code #3 [build 2/5] RUN
 * make}, the command's output prefixed with its step and the seconds since it started,
 * {@code #3 CACHED}, {@code #3 DONE 0.4s}, {@code #3 ERROR: …}, {@code #3 WARNING: …} (also with
 * {@code -q}). Used in CI and whenever
 * stderr is not a terminal.
 */
final class PlainProgress implements ProgressListener {

    private final PrintWriter out;
    private final boolean quiet;
    private final Map<Integer, Long> started = new ConcurrentHashMap<>();

    PlainProgress(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        if (event instanceof BuildEvent.Warning w) {
            // a warning is shown even with -q: it is about the build's inputs, not its progress
            out.printf(quiet ? "WARNING: %2$s%n" : "#%d WARNING: %s%n", w.vertex(), w.message());
            out.flush();
            return;
        }
        if (quiet) {
            return;
        }
        int n = event.vertex();
        if (event instanceof BuildEvent.Started s) {
            started.put(n, System.nanoTime());
            out.printf("#%d %s%n", n, s.name());
        } else if (event instanceof BuildEvent.Cached) {
            out.printf("#%d CACHED%n", n);
        } else if (event instanceof BuildEvent.Output o) {
            long since = System.nanoTime() - started.getOrDefault(n, System.nanoTime());
            out.printf("#%d %.3f %s%n", n, since / 1e9, o.line());
        } else if (event instanceof BuildEvent.Done d) {
            out.printf("#%d DONE %.1fs%n", n, d.elapsed().toMillis() / 1000.0);
        } else if (event instanceof BuildEvent.Failed f) {
            out.printf("#%d ERROR: %s%n", n, f.message());
        }
        out.flush();
    }
}
