package dev.jbuild.core.fs;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * Tells a failure the bare host user's permissions caused (EACCES, EPERM: a directory of
 * another owner with mode 0700, a 0000 file) from a real fault, anywhere in a chain of causes,
 * so that a caller can retry that job inside the build's user namespace, where it is allowed.
 * A host tool's failure counts when its message carries strerror(EACCES), as cp's does.
 */
public final class AccessDenial {

    private static final String EPERM_REASON = "Operation not permitted";
    private static final String EACCES_REASON = "Permission denied";

    private AccessDenial() {
    }

    /** Whether {@code failure} or one of its causes is a permission error. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return true;
            }
            if (t instanceof NativeFileException nativeFailure
                    && (nativeFailure.errno() == LibC.EACCES || nativeFailure.errno() == LibC.EPERM)) {
                return true;
            }
            // The JDK reports EPERM (unlink in a sticky directory, chmod of another's file) as a plain FileSystemException.
            if (t instanceof FileSystemException fileFailure && EPERM_REASON.equals(fileFailure.getReason())) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(EACCES_REASON)) {
                return true;
            }
        }
        return false;
    }
}
