package dev.jbuild.core.snapshot;

/**
 * Preparing, comparing or committing a snapshot failed. The message names the directory or
 * file and, where one is involved, the layer chain; checked I/O errors are wrapped into this
 * once, with the cause kept.
 */
public class SnapshotException extends RuntimeException {
    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }

    public SnapshotException(String message) {
        super(message);
    }
}
