package dev.jbuild.core.fs;

import com.sun.jna.Native;
import java.nio.file.FileSystemException;

/** A libc file call failed; carries the path and errno so callers can tolerate specific errors. */
public final class NativeFileException extends FileSystemException {
    private final int errno;

    NativeFileException(String path, String call, int errno, String reason) {
        super(path, null, call + ": " + reason + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The file system or the caller's privileges do not allow this, as opposed to a real fault. */
    public boolean isNotSupportedOrPermitted() {
        return errno == LibC.ENOTSUP || errno == LibC.EPERM;
    }

    static NativeFileException lastError(String path, String call) {
        int errno = Native.getLastError();
        return new NativeFileException(path, call, errno, LibC.INSTANCE.strerror(errno));
    }
}
