package dev.jbuild.core.store;

/** The local image store could not be read or changed; the message names the store and the image. */
public final class ImageStoreException extends RuntimeException {

    public ImageStoreException(String message) {
        super(message);
    }

    public ImageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
