package dev.jbuild.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the live view needs to know about the terminal on standard error: its size ({@code
 * COLUMNS} and {@code LINES} when set, else what the kernel says, else 80x24) and whether to
 * colour ({@code NO_COLOR} turns colour off).
 */
record Terminal(int columns, int rows, boolean color) {

    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;

    Terminal {
        if (columns < 2 || rows < 2) {
            throw new IllegalArgumentException("a terminal of " + columns + "x" + rows + " is too small");
        }
    }

    static Terminal fromEnvironment(Map<String, String> env, Optional<TerminalSize> asked) {
        int columns = asked.map(TerminalSize::columns).orElse(DEFAULT_COLUMNS);
        int rows = asked.map(TerminalSize::rows).orElse(DEFAULT_ROWS);
        return new Terminal(size(env.get("COLUMNS"), columns), size(env.get("LINES"), rows),
                env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty());
    }

    /**
     * Whether standard error is a terminal: the target of file descriptor 2 is a tty device.
     * {@code System.console()} answers for stdin and stdout instead, which are redirected in
     * {@code jbuild build -q . > id}; it is the answer only where /proc is missing.
     */
    static boolean stderrIsTerminal(Map<String, String> env) {
        return !"dumb".equals(env.get("TERM")) && isTerminal(2);
    }

    /** Whether standard output is a terminal, where an archive must not be written ({@code -o -}). */
    static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    private static boolean isTerminal(int descriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    private static int size(String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value >= 2 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
