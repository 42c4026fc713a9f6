package dev.jbuild.core.layer;

/**
 * Writing or applying a layer failed. The message names the layer entry or file and what
 * went wrong; checked I/O errors are wrapped into this once, with the cause kept.
 */
public class LayerException extends RuntimeException {
    public LayerException(String message, Throwable cause) {
        super(message, cause);
    }

    public LayerException(String message) {
        super(message);
    }
}
