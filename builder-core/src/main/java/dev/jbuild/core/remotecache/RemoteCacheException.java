package dev.jbuild.core.remotecache;

/** A shared cache could not be read or written; the message names the cache (reference or directory) and says why. */
public final class RemoteCacheException extends RuntimeException {

    public RemoteCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
