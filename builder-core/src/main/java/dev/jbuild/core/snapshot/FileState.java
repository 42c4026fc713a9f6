package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.ExtendedAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the differ knows of one path from a single {@code lstat}: type, permission bits,
 * numeric owner as stored on the host, size, mtime and ctime in nanoseconds, device number,
 * and the inode identity that tells hardlinks apart. Extended attributes and link targets
 * cost extra calls, so they are read only when the rest is equal.
 */
record FileState(
        Kind kind,
        int mode,
        long uid,
        long gid,
        long size,
        long mtimeNanos,
        long ctimeNanos,
        long rdev,
        InodeKey inode,
        int linkCount) {

    enum Kind {
        FILE, DIRECTORY, SYMLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, SOCKET
    }

    /** A file's identity on the host: the same key at two paths means one inode, hardlinked. */
    record InodeKey(long device, long inode) {
    }

    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastModifiedTime,ctime";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    static FileState read(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int rawMode = (Integer) a.get("mode");
        Kind kind = switch (rawMode & 0170000) {
            case 0100000 -> Kind.FILE;
            case 0040000 -> Kind.DIRECTORY;
            case 0120000 -> Kind.SYMLINK;
            case 0010000 -> Kind.FIFO;
            case 0020000 -> Kind.CHAR_DEVICE;
            case 0060000 -> Kind.BLOCK_DEVICE;
            case 0140000 -> Kind.SOCKET;
            default -> throw new IOException("unknown file type " + Integer.toOctalString(rawMode & 0170000) + " of " + path);
        };
        return new FileState(
                kind,
                rawMode & 07777,
                Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")),
                (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS),
                (Long) a.get("rdev"),
                new InodeKey((Long) a.get("dev"), (Long) a.get("ino")),
                (Integer) a.get("nlink"));
    }

    boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }

    /**
     * Whether the lstat data says "same file" as a layer sees it. Directories compare type,
     * mode and owner only: their mtime and size follow from their entries, which the walk
     * compares one by one, and commit writes every changed path's parent directories anyway
     * (BuildKit's differ does the same). Other files also compare size, mtime to the
     * nanosecond and device number.
     */
    boolean sameStat(FileState other) {
        if (kind != other.kind || mode != other.mode || uid != other.uid || gid != other.gid) {
            return false;
        }
        if (kind == Kind.DIRECTORY) {
            return true;
        }
        return size == other.size && mtimeNanos == other.mtimeNanos && rdev == other.rdev;
    }

    /** Whether the mtime has no sub-second part, as every mtime restored from a tar has. */
    boolean wholeSecondMtime() {
        return Math.floorMod(mtimeNanos, NANOS_PER_SECOND) == 0;
    }

    /**
     * The extended attributes that belong in an image (file capabilities and {@code user.*},
     * the rootless ownership record {@code user.rootlesscontainers} included, but not
     * overlayfs's own {@code user.overlay.*}), as the layer writer selects them. SELinux
     * labels and ACLs are host policy; a relabel must not look like a change.
     */
    static Map<String, byte[]> imageXattrs(Path path) throws IOException {
        return ExtendedAttributes.read(path, name -> name.equals("security.capability")
                || (name.startsWith("user.") && !name.startsWith("user.overlay.")));
    }

    static boolean sameXattrs(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> entry : a.entrySet()) {
            if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
