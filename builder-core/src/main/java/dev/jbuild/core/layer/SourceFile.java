package dev.jbuild.core.layer;

import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.SpecialFiles;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * A file on disk described the way a layer records it: type, permission bits, numeric
 * owner, size, mtime, link target, device numbers and the extended attributes that belong
 * in an image, plus the (device, inode) identity used to spot hardlinks. Read without
 * following symlinks. Sockets have no tar form and come back as null.
 */
record SourceFile(
        Path path,
        TarEntryType type,
        int mode,
        long uid,
        long gid,
        long size,
        long mtime,
        String linkTarget,
        long devMajor,
        long devMinor,
        FileKey key,
        int linkCount,
        Map<String, byte[]> xattrs) {

    /** A file's identity on the host: the same key twice means hardlinks to one inode. */
    record FileKey(long device, long inode) {
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    static SourceFile read(Path path, OwnerMapping owners) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int rawMode = (Integer) a.get("mode");
        TarEntryType type = switch (rawMode & S_IFMT) {
            case S_IFREG -> TarEntryType.FILE;
            case S_IFDIR -> TarEntryType.DIRECTORY;
            case S_IFLNK -> TarEntryType.SYMLINK;
            case S_IFIFO -> TarEntryType.FIFO;
            case S_IFCHR -> TarEntryType.CHAR_DEVICE;
            case S_IFBLK -> TarEntryType.BLOCK_DEVICE;
            case S_IFSOCK -> null;
            default -> throw new IOException("unknown file type " + Integer.toOctalString(rawMode & S_IFMT) + " of " + path);
        };
        if (type == null) {
            return null;
        }
        long uid = owners.uid(Integer.toUnsignedLong((Integer) a.get("uid")));
        long gid = owners.gid(Integer.toUnsignedLong((Integer) a.get("gid")));
        Map<String, byte[]> xattrs = ExtendedAttributes.read(path,
                name -> belongsInImage(name) || name.equals(RootlessOwnership.XATTR));
        byte[] recordedOwner = xattrs.remove(RootlessOwnership.XATTR);
        if (recordedOwner != null) {
            // Applied without root earlier: the owner the image declared is in the attribute, not the inode.
            RootlessOwnership owner = RootlessOwnership.decode(recordedOwner);
            if (owner != null) {
                uid = owner.uid();
                gid = owner.gid();
            }
        }
        long rdev = (Long) a.get("rdev");
        boolean device = type == TarEntryType.CHAR_DEVICE || type == TarEntryType.BLOCK_DEVICE;
        return new SourceFile(
                path,
                type,
                rawMode & 07777,
                uid,
                gid,
                type == TarEntryType.FILE ? (Long) a.get("size") : 0,
                Math.floorDiv(((FileTime) a.get("lastModifiedTime")).toMillis(), 1000),
                type == TarEntryType.SYMLINK ? Files.readSymbolicLink(path).toString() : null,
                device ? SpecialFiles.major(rdev) : 0,
                device ? SpecialFiles.minor(rdev) : 0,
                new FileKey((Long) a.get("dev"), (Long) a.get("ino")),
                (Integer) a.get("nlink"),
                xattrs);
    }

    /**
     * Which extended attributes an image carries: file capabilities and user attributes.
     * Not SELinux labels or ACLs (host policy, not image content), not overlayfs's private
     * attributes, and not our own ownership record (it becomes the entry's uid/gid instead).
     */
    static boolean belongsInImage(String name) {
        if (name.equals("security.capability")) {
            return true;
        }
        return name.startsWith("user.") && !name.startsWith("user.overlay.") && !name.equals(RootlessOwnership.XATTR);
    }

    /** The tar entry for this file under the given name, with its mtime clamped to {@code maxMtime}. */
    TarEntry toEntry(String name, long maxMtime) {
        long clamped = Math.min(mtime, maxMtime);
        String entryName = type == TarEntryType.DIRECTORY ? name + "/" : name;
        return new TarEntry(entryName, type, mode, uid, gid, size, clamped, linkTarget, devMajor, devMinor, xattrs);
    }

    /** A hardlink entry pointing at the entry already written for the same inode. */
    TarEntry toHardlink(String name, String target, long maxMtime) {
        return new TarEntry(name, TarEntryType.HARDLINK, mode, uid, gid, 0, Math.min(mtime, maxMtime), target, 0, 0,
                xattrs);
    }
}
