package dev.jbuild.cli;

import dev.jbuild.core.progress.PlainProgress;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * The values of {@code --progress}: {@code auto} is {@code tty} when standard error is a
 * terminal and {@code plain} when not; {@code rawjson} is BuildKit's JSON status stream;
 * {@code quiet} shows only warnings.
 */
enum ProgressMode {
    AUTO, TTY, PLAIN, RAWJSON, QUIET;

    /** The mode named {@code text}; throws naming the accepted values. */
    static ProgressMode parse(String text) {
        return parse(text, "--progress");
    }

    /**
     * The mode {@code --progress} names ({@code flag}, null when not given), else the one
     * {@code BUILDKIT_PROGRESS} names, as in buildx, else {@code auto}.
     */
    static ProgressMode choose(String flag, Map<String, String> env) {
        if (flag != null) {
            return parse(flag, "--progress");
        }
        String variable = env.get("BUILDKIT_PROGRESS");
        return variable == null || variable.isEmpty() ? AUTO : parse(variable, "BUILDKIT_PROGRESS");
    }

    private static ProgressMode parse(String text, String source) {
        for (ProgressMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(source + " must be auto, tty, plain, rawjson or quiet, not " + text);
    }

    /** {@code auto} made concrete for where standard error goes. */
    ProgressMode resolve(boolean stderrIsTerminal) {
        if (this != AUTO) {
            return this;
        }
        return stderrIsTerminal ? TTY : PLAIN;
    }

    /** A display for this (concrete) mode, writing to {@code err}. */
    ProgressDisplay open(PrintWriter err, Map<String, String> env, Clock clock) {
        switch (this) {
            case TTY:
                Terminal terminal = Terminal.fromEnvironment(env, TerminalSize.ofStandardError());
                return new TtyProgress(err, clock, new TtyFrame(terminal.columns(), terminal.rows(), terminal.color()));
            case PLAIN:
                return ProgressDisplay.of(new PlainProgress(err, clock));
            case RAWJSON:
                return new RawJsonProgress(err, clock);
            case QUIET:
                return ProgressDisplay.warningsOnly(err);
            default:
                throw new IllegalStateException("resolve " + this + " first");
        }
    }
}
