package dev.jbuild.cache.blob;

/**
 * A blob store operation failed; the message names the blob or the file involved. Checked
 * I/O errors of the store are wrapped once into this, with the underlying cause kept.
 */
public class BlobStoreException extends RuntimeException {
    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public BlobStoreException(String message) {
        super(message);
    }
}
