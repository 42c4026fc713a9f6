package dev.jbuild.core.op;

/**
 * An op that could not do its work: a command that failed (with the tail of its output) or a
 * sandbox that could not start. It names no instruction; the solver adds that when it reports it.
 */
public final class OpException extends RuntimeException {

    private final String outputTail;

    OpException(String message, String outputTail, Throwable cause) {
        super(message, cause);
        this.outputTail = outputTail;
    }

    /** The last lines a failed command printed, or empty. */
    public String outputTail() {
        return outputTail;
    }
}
