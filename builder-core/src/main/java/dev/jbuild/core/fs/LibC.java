package dev.jbuild.core.fs;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls the JDK lacks. Sizes are {@code long} because jbuild targets 64-bit
 * Linux, where {@code size_t} and {@code ssize_t} are 64 bits wide; errno is read back
 * with {@link Native#getLastError()}, which JNA saves after every call.
 */
interface LibC extends Library {

    int ENODATA = 61;
    int ERANGE = 34;
    int EPERM = 1;
    int EACCES = 13;
    int ENOTSUP = 95;

    LibC INSTANCE = Native.load("c", LibC.class);

    long llistxattr(String path, byte[] list, long size);

    long lgetxattr(String path, String name, byte[] value, long size);

    int lsetxattr(String path, String name, byte[] value, long size, int flags);

    int lremovexattr(String path, String name);

    int mkfifo(String path, int mode);

    int mknod(String path, int mode, long dev);

    int chmod(String path, int mode);

    int lchown(String path, int uid, int gid);

    /** times: {atime seconds, atime nanoseconds, mtime seconds, mtime nanoseconds}, a struct timespec[2]. */
    int utimensat(int dirfd, String path, long[] times, int flags);

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    long UTIME_OMIT = (1L << 30) - 2;

    String strerror(int errnum);
}
