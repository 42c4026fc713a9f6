package dev.jbuild.core.context;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One file of a source tree as a COPY sees it, read without following a symlink: its path
 * relative to the tree's root, type, permission bits (with setuid, setgid, sticky), owner as
 * the tree presents it (see {@link SourceTree.Owners}), size, modification and change times in
 * nanoseconds since the epoch, host identity (device, inode, link count), device number, link
 * target and the extended attributes that travel into images. Attribute values are shared; treat
 * them as read-only.
 */
public record SourceEntry(
        String path,
        EntryType type,
        int mode,
        long uid,
        long gid,
        long size,
        long mtimeNanos,
        long ctimeNanos,
        long device,
        long inode,
        int linkCount,
        long rdev,
        String linkTarget,
        Map<String, byte[]> xattrs) {

    public SourceEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type of " + path);
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path
                    + " has bits beyond 07777");
        }
        if ((type == EntryType.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException(path + ": only a symlink has a link target");
        }
        xattrs = Collections.unmodifiableMap(new TreeMap<>(xattrs));
    }

    /** The modification time in whole seconds, as tar layers keep it. */
    public long mtimeSeconds() {
        return Math.floorDiv(mtimeNanos, 1_000_000_000L);
    }

    /** The last component of the path. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
