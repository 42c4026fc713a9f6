package dev.jbuild.core.progress;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Progress as plain lines, like BuildKit's {@code --progress=plain}: {@code #3 [build 2/5] RUN
 * make}, the command's output prefixed with its step and the seconds since it started,
 * {@code #3 CACHED}, {@code #3 DONE 0.4s}, {@code #3 ERROR: …}, {@code #3 CANCELED}, {@code #3 WARNING: …}. Steps are
 * separated by a blank line; when steps running in parallel take turns, a step left unfinished
 * ends with {@code #3 ...} and its name is repeated when it goes on. Used in CI and whenever
 * stderr is not a terminal, and for the Maven plugin's log.
 */
public final class PlainProgress implements ProgressListener, AutoCloseable {

    private final PrintWriter out;
    private final Clock clock;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, Instant> started = new HashMap<>();
    private final Set<Integer> finished = new HashSet<>();
    private int current;

    public PlainProgress(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        int n = event.vertex();
        Instant now = clock.instant();
        switchTo(n, event instanceof BuildEvent.Started);
        if (event instanceof BuildEvent.Started s) {
            names.put(n, s.name());
            started.put(n, now);
            out.printf("#%d %s%n", n, s.name());
        } else if (event instanceof BuildEvent.Cached) {
            finished.add(n);
            out.printf("#%d CACHED%n", n);
        } else if (event instanceof BuildEvent.Output o) {
            Duration since = Duration.between(started.getOrDefault(n, now), now);
            out.printf(Locale.ROOT, "#%d %.3f %s%n", n, since.toNanos() / 1e9, o.line());
        } else if (event instanceof BuildEvent.Done d) {
            finished.add(n);
            out.printf(Locale.ROOT, "#%d DONE %.1fs%n", n, d.elapsed().toMillis() / 1000.0);
        } else if (event instanceof BuildEvent.Failed f) {
            finished.add(n);
            out.printf("#%d ERROR: %s%n", n, f.message());
        } else if (event instanceof BuildEvent.Canceled) {
            finished.add(n);
            out.printf("#%d CANCELED%n", n);
        } else if (event instanceof BuildEvent.Warning w) {
            out.printf("#%d WARNING: %s%n", n, w.message());
        }
        out.flush();
    }

    /** Ends the last step's block, so what follows (the image summary, an error) stands apart. */
    @Override
    public synchronized void close() {
        if (current != 0) {
            out.println();
            out.flush();
        }
    }

    private void switchTo(int n, boolean starting) {
        if (n == current) {
            return;
        }
        if (current != 0) {
            if (!finished.contains(current)) {
                out.printf("#%d ...%n", current);
            }
            out.println();
        }
        current = n;
        if (!starting && names.containsKey(n)) {
            out.printf("#%d %s%n", n, names.get(n));
        }
    }
}
