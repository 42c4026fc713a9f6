package dev.jbuild.core.image;

/** An image document could not be read or written; the message says which kind and where. */
public final class ImageJsonException extends RuntimeException {
    public ImageJsonException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImageJsonException(String message) {
        super(message);
    }
}
