package dev.jbuild.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Draws one frame of the live terminal view from the steps as they stand and a time, like
 * BuildKit's: a header {@code [+] Building 3.2s (5/9)}, one line per step with its time at
 * the right edge ({@code => CACHED [2/4] COPY . .}), under a step its warnings, and under a
 * running or failed step its last output lines. Pure: the same steps and time give the same lines, so it is tested
 * without a terminal or a clock.
 */
final class TtyFrame {

    private static final String BLUE = "\u001B[34m";
    private static final String RED = "\u001B[31m";
    private static final String YELLOW = "\u001B[33m";
    private static final String DIM = "\u001B[2m";
    private static final String RESET = "\u001B[0m";
    private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[@-_]");

    private final int width;
    private final int height;
    private final boolean color;

    /**
     * @param width the terminal's columns; lines use one less, since writing the last column
     *              makes some terminals wrap and the redraw would then miscount lines
     * @param height the terminal's rows; a live frame stays below it, or cursor-up could not reach its top
     */
    TtyFrame(int width, int height, boolean color) {
        if (width < 2 || height < 2) {
            throw new IllegalArgumentException("a terminal of " + width + "x" + height + " is too small");
        }
        this.width = width;
        this.height = height;
        this.color = color;
    }

    /**
     * The frame at {@code now}. A live frame keeps running steps and their output and drops
     * the oldest finished steps when it would not fit; the last frame lists every step and
     * keeps output only under failed steps.
     */
    List<String> render(List<ProgressState.Step> steps, Instant start, Instant now, boolean last) {
        long completed = steps.stream().filter(s -> !s.running()).count();
        boolean failed = steps.stream().anyMatch(s -> s.error() != null || s.canceled());
        String header = String.format(Locale.ROOT, "[+] Building %s (%d/%d)%s", seconds(Duration.between(start, now)),
                completed, steps.size(), last && !failed ? " FINISHED" : "");
        List<ProgressState.Step> shown = last ? steps : fitting(steps);
        List<String> lines = new ArrayList<>();
        lines.add(fit(header, ""));
        for (ProgressState.Step step : shown) {
            lines.add(stepLine(step, now));
            step.warnings().forEach(w -> lines.add(fit(" => => WARNING: " + printable(w), YELLOW)));
            if ((step.running() && !last) || step.error() != null) {
                step.tail().forEach(line -> lines.add(fit(" => => # " + printable(line), DIM)));
            }
        }
        if (!last && lines.size() > height - 1) {
            List<String> kept = new ArrayList<>(lines.subList(lines.size() - (height - 2), lines.size()));
            kept.add(0, lines.get(0));
            return kept;
        }
        return lines;
    }

    // Drops finished steps, oldest first, until the frame fits the terminal.
    private List<ProgressState.Step> fitting(List<ProgressState.Step> steps) {
        List<ProgressState.Step> shown = new ArrayList<>(steps);
        int size = 1 + steps.stream().mapToInt(this::liveLines).sum();
        for (int i = 0; i < shown.size() && size > height - 1; ) {
            ProgressState.Step step = shown.get(i);
            if (!step.running() && step.error() == null) {
                shown.remove(i);
                size -= liveLines(step);
            } else {
                i++;
            }
        }
        return shown;
    }

    private int liveLines(ProgressState.Step step) {
        return 1 + step.warnings().size() + (step.running() || step.error() != null ? step.tail().size() : 0);
    }

    private String stepLine(ProgressState.Step step, Instant now) {
        String state = "";
        String tint = "";
        if (step.error() != null) {
            state = "ERROR ";
            tint = RED;
        } else if (step.canceled()) {
            state = "CANCELED ";
            tint = YELLOW;
        } else if (step.cached()) {
            state = "CACHED ";
            tint = BLUE;
        } else if (!step.running()) {
            tint = BLUE;
        }
        String time = seconds(step.duration(now));
        String left = " => " + state + printable(step.name());
        int room = width - 1 - time.length() - 1;
        if (room < 4) {
            return fit(left, tint);
        }
        if (left.length() > room) {
            left = left.substring(0, room - 3) + "...";
        }
        return paint(left + " ".repeat(room - left.length() + 1) + time, tint);
    }

    private String fit(String text, String tint) {
        int limit = width - 1;
        return paint(text.length() <= limit ? text : text.substring(0, limit), tint);
    }

    private String paint(String text, String tint) {
        return color && !tint.isEmpty() ? tint + text + RESET : text;
    }

    /** A command's line as one terminal line: escape sequences, carriage returns and controls would move the cursor. */
    static String printable(String line) {
        String text = ESCAPE.matcher(line).replaceAll("");
        int cr = text.lastIndexOf('\r', text.length() - 2);
        if (cr >= 0) {
            text = text.substring(cr + 1);
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\t') {
                out.append(' ');
            } else if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
