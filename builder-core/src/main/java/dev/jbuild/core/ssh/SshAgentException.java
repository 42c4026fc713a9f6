package dev.jbuild.core.ssh;

/** An {@code --ssh} forward that cannot be used: no such socket or key, no ssh-agent on the host, a key ssh-add refused. */
public final class SshAgentException extends RuntimeException {

    public SshAgentException(String message) {
        super(message);
    }

    public SshAgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
