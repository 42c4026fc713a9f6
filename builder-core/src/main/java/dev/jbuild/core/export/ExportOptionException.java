package dev.jbuild.core.export;

/**
 * An output a user asked for that cannot be made as written: an unknown type or attribute, a
 * missing {@code dest}, standard output that is a terminal. The message names the flag (or the
 * Maven element) and the value, so it stands alone as a usage error.
 */
public final class ExportOptionException extends IllegalArgumentException {

    public ExportOptionException(String message) {
        super(message);
    }
}
