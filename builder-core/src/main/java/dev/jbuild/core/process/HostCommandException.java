package dev.jbuild.core.process;

import java.io.IOException;

/**
 * A host command that could not be started, did not finish within its time limit, was
 * interrupted, or (from {@link HostCommand#check}) exited with a non-zero status; the message
 * names the command and, when there was any, ends with the tail of its output.
 */
public final class HostCommandException extends IOException {

    /** What went wrong. */
    public enum Reason { NOT_STARTED, TIMED_OUT, INTERRUPTED, FAILED }

    private final Reason reason;
    private final transient HostCommand.Result result;

    HostCommandException(Reason reason, String message, HostCommand.Result result, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.result = result;
    }

    public Reason reason() {
        return reason;
    }

    /** What the command printed and how it exited; null when it never started. */
    public HostCommand.Result result() {
        return result;
    }
}
