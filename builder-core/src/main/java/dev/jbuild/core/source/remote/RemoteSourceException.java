package dev.jbuild.core.source.remote;

/**
 * Fetching an ADD source failed: a bad URL, a refused connection, an HTTP status that is not a
 * success, a checksum that does not match, a Git ref that does not exist. The message names the
 * URL and what the server answered; the solver adds the Dockerfile line.
 */
public class RemoteSourceException extends RuntimeException {

    public RemoteSourceException(String message, Throwable cause) {
        super(message, cause);
    }

    public RemoteSourceException(String message) {
        this(message, null);
    }
}
