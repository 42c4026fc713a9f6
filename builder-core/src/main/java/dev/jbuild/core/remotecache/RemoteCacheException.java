package dev.jbuild.core.remotecache;

/** A shared cache could not be read or written; the message names the cache (reference or directory) and says why. */
public final class RemoteCacheException extends RuntimeException {

    public RemoteCacheException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code cannot <doing> <location>: <why>}, without the location twice when the cause already starts with it. */
    static RemoteCacheException of(String doing, CacheLocation location, Exception cause) {
        String name = location.toString();
        String why = String.valueOf(cause.getMessage());
        if (why.startsWith(name + ": ")) {
            why = why.substring(name.length() + 2);
        }
        return new RemoteCacheException("cannot " + doing + " " + name + ": " + why, cause);
    }
}
