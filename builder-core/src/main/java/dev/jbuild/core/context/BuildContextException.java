package dev.jbuild.core.context;

/**
 * Reading the build context or selecting files from it failed. The message names the path as
 * the Dockerfile wrote it (or the file involved) and what went wrong; checked I/O errors are
 * wrapped into this once, with the cause kept.
 */
public class BuildContextException extends RuntimeException {

    private final String path;

    public BuildContextException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    public BuildContextException(String path, String message) {
        this(path, message, null);
    }

    /** The path the failure is about, as the user wrote it or as found in the context. */
    public String path() {
        return path;
    }
}
