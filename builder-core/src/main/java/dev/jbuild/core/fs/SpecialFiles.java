package dev.jbuild.core.fs;

import java.nio.file.Path;

/**
 * Creates the file types the JDK cannot: named pipes and device nodes. Creating a device
 * node needs CAP_MKNOD (in practice: real root), a fifo needs nothing special.
 */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    /** Creates a named pipe with these permission bits (subject to the umask). */
    public static void createFifo(Path file, int mode) throws NativeFileException {
        String path = file.toString();
        if (LibC.INSTANCE.mkfifo(path, mode & 07777) != 0) {
            throw NativeFileException.lastError(path, "mkfifo");
        }
    }

    /** Creates a character or block device node. */
    public static void createDevice(Path file, boolean block, int mode, long major, long minor)
            throws NativeFileException {
        String path = file.toString();
        int type = block ? S_IFBLK : S_IFCHR;
        if (LibC.INSTANCE.mknod(path, type | (mode & 07777), makedev(major, minor)) != 0) {
            throw NativeFileException.lastError(path, "mknod");
        }
    }

    /** glibc's makedev(3) encoding of a device number. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & 0xfffff000L) << 32) | (minor & 0xffL) | ((minor & 0xffffff00L) << 12);
    }

    /** The major number of a device number, as glibc's major(3). */
    public static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
    }

    /** The minor number of a device number, as glibc's minor(3). */
    public static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
    }
}
