package dev.jbuild.cli;

import java.io.PrintWriter;

/**
 * Entry point of the {@code jbuild} command. An unchanged build is answered from its memo before
 * anything else is loaded; everything else goes to picocli ({@link JbuildCommand}). This class
 * names no picocli type, so that loading it loads none.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (new MemoAnswer(System.getenv(), System.out, System.err).answer(args)) {
            // halt, not exit: on Java 21+ exit first starts System.Logger to log the exit, a third of
            // the answer's time; the answer has flushed what it printed and registered no hook.
            Runtime.getRuntime().halt(ExitStatus.OK);
        }
        System.exit(run(args));
    }

    /** Runs the command line on the process's streams and returns the exit status. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to the given streams, so tests can read what it printed. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return JbuildCommand.run(out, err, args);
    }
}
