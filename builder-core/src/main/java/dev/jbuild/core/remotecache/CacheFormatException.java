package dev.jbuild.core.remotecache;

/** A shared cache's records could not be read: not JSON, or a record without its fields. */
public final class CacheFormatException extends RuntimeException {

    public CacheFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
