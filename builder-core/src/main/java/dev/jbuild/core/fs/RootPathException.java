package dev.jbuild.core.fs;

import java.nio.file.FileSystemException;

/**
 * A path inside a root that {@link RootPath} cannot resolve under its policy; the message names
 * the path as requested and, for a symlink, the link and its target.
 */
public final class RootPathException extends FileSystemException {

    /** Why resolution stopped, for callers that map some causes onto their own errors. */
    public enum Cause {
        /** An absolute symlink or a {@code ..} above the root, under {@link RootPath.Escapes#REFUSE}. */
        ESCAPE,
        /** More than {@link RootPath#MAX_SYMLINKS} symlinks on the way. */
        TOO_MANY_LINKS,
        /** A component other than the last is neither a directory nor a symlink. */
        NOT_A_DIRECTORY,
        /** A symlink target's {@code ..} climbs out of a directory that does not exist. */
        MISSING_PARENT
    }

    private static final long serialVersionUID = 1L;

    private final Cause cause;

    RootPathException(String path, Cause cause, String reason) {
        super(path, null, reason);
        this.cause = cause;
    }

    public Cause kind() {
        return cause;
    }
}
