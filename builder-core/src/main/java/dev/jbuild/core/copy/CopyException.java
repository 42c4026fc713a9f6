package dev.jbuild.core.copy;

/**
 * A COPY or ADD could not be carried out. The message names the file or destination (as the
 * image sees it) and what went wrong; checked I/O errors are wrapped into this once, with the
 * cause kept.
 */
public class CopyException extends RuntimeException {

    private final String path;

    public CopyException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    public CopyException(String path, String message) {
        this(path, message, null);
    }

    /** The path the failure is about. */
    public String path() {
        return path;
    }
}
