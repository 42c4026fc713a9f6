package dev.jbuild.core.tar;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One tar entry's metadata. Owners are numeric only (an image's user names live in its
 * own /etc/passwd, not the host's), {@code mtime} is in whole seconds since the epoch,
 * {@code mode} holds the permission, setuid, setgid and sticky bits. Extended attribute
 * values are raw bytes (copied in; treat the returned arrays as read-only).
 */
public record TarEntry(
        String name,
        TarEntryType type,
        int mode,
        long uid,
        long gid,
        long size,
        long mtime,
        String linkName,
        long devMajor,
        long devMinor,
        Map<String, byte[]> xattrs) {

    public TarEntry {
        Objects.requireNonNull(name, "entry name");
        Objects.requireNonNull(type, "entry type of " + name);
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tar entry name is empty or has a NUL byte: '" + name + "'");
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + name
                    + " has bits beyond 07777");
        }
        if (uid < 0 || gid < 0 || size < 0 || devMajor < 0 || devMinor < 0) {
            throw new IllegalArgumentException("negative uid, gid, size or device number in " + name);
        }
        if (size > 0 && type != TarEntryType.FILE) {
            throw new IllegalArgumentException(type + " entry " + name + " cannot have content (size " + size + ")");
        }
        boolean isLink = type == TarEntryType.SYMLINK || type == TarEntryType.HARDLINK;
        if (isLink == (linkName == null) || (linkName != null && (linkName.isEmpty() || linkName.indexOf('\0') >= 0))) {
            throw new IllegalArgumentException(type + " entry " + name + " has link name '" + linkName
                    + "'; links need a non-empty one, other entries none");
        }
        TreeMap<String, byte[]> copy = new TreeMap<>();
        if (xattrs != null) {
            xattrs.forEach((key, value) -> copy.put(key, value.clone()));
        }
        xattrs = Collections.unmodifiableMap(copy);
    }

    public static TarEntry directory(String name, int mode, long uid, long gid, long mtime) {
        return new TarEntry(name, TarEntryType.DIRECTORY, mode, uid, gid, 0, mtime, null, 0, 0, null);
    }

    public static TarEntry file(String name, int mode, long uid, long gid, long size, long mtime) {
        return new TarEntry(name, TarEntryType.FILE, mode, uid, gid, size, mtime, null, 0, 0, null);
    }

    public static TarEntry symlink(String name, String target, long uid, long gid, long mtime) {
        return new TarEntry(name, TarEntryType.SYMLINK, 0777, uid, gid, 0, mtime, target, 0, 0, null);
    }

    public static TarEntry hardlink(String name, String target, int mode, long uid, long gid, long mtime) {
        return new TarEntry(name, TarEntryType.HARDLINK, mode, uid, gid, 0, mtime, target, 0, 0, null);
    }

    public TarEntry withXattrs(Map<String, byte[]> newXattrs) {
        return new TarEntry(name, type, mode, uid, gid, size, mtime, linkName, devMajor, devMinor, newXattrs);
    }
}
