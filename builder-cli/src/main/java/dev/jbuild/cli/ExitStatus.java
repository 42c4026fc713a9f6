package dev.jbuild.cli;

/** The exit statuses of jbuild, the same as docker build's. */
final class ExitStatus {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Interrupted (Ctrl-C): 128 + SIGINT, as a shell reports a command SIGINT ended. */
    static final int INTERRUPTED = 130;

    private ExitStatus() {
    }
}
