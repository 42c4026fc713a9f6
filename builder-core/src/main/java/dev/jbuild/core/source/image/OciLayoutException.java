package dev.jbuild.core.source.image;

/** An OCI layout named context that cannot be used: no such directory, no such tag, a blob that is missing or does not match its digest. */
public final class OciLayoutException extends RuntimeException {

    public OciLayoutException(String message) {
        super(message);
    }

    public OciLayoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
