package dev.jbuild.core.exec;

import java.time.Duration;

/**
 * A step ran longer than its {@link ExecSpec#timeout()}; its process tree was killed. Carries
 * the output tail so the report can show what the step was doing.
 */
public class SandboxTimeoutException extends SandboxException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final String outputTail;

    public SandboxTimeoutException(SandboxKind kind, Duration timeout, String outputTail) {
        super(kind, "command timed out after " + timeout.toString().substring(2).toLowerCase() + " and was killed");
        this.timeout = timeout;
        this.outputTail = outputTail;
    }

    public Duration timeout() {
        return timeout;
    }

    public String outputTail() {
        return outputTail;
    }
}
