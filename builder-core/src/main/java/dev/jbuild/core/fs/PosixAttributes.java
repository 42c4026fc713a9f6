package dev.jbuild.core.fs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets mode, owner and mtime by path, without opening the file. The JDK opens a file to
 * change its mode or times, which blocks forever on a named pipe and fails on a symlink;
 * these calls do neither, and never follow a symlink ({@link #chmod}, which the kernel cannot
 * apply to a link itself, refuses one rather than change the link's target).
 */
public final class PosixAttributes {

    private PosixAttributes() {
    }

    /** Sets permission, setuid, setgid and sticky bits of a file that is not a symlink. */
    public static void chmod(Path file, int mode) throws NativeFileException {
        String path = file.toString();
        if (Files.isSymbolicLink(file)) {
            throw new IllegalArgumentException("chmod would follow symlink " + path);
        }
        if (LibC.INSTANCE.chmod(path, mode & 07777) != 0) {
            throw NativeFileException.lastError(path, "chmod");
        }
    }

    /** Sets the numeric owner of the file or symlink itself. */
    public static void lchown(Path file, long uid, long gid) throws NativeFileException {
        String path = file.toString();
        if (LibC.INSTANCE.lchown(path, (int) uid, (int) gid) != 0) {
            throw NativeFileException.lastError(path, "lchown");
        }
    }

    /** Sets the modification time of the file or symlink itself, leaving the access time alone. */
    public static void setMtime(Path file, long epochSeconds) throws NativeFileException {
        String path = file.toString();
        long[] times = {0, LibC.UTIME_OMIT, epochSeconds, 0};
        if (LibC.INSTANCE.utimensat(LibC.AT_FDCWD, path, times, LibC.AT_SYMLINK_NOFOLLOW) != 0) {
            throw NativeFileException.lastError(path, "utimensat");
        }
    }
}
