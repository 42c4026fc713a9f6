package dev.jbuild.cli;

/** The exit statuses of jbuild, the same as docker build's. */
final class ExitStatus {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private ExitStatus() {
    }
}
