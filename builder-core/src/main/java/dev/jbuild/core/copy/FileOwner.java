package dev.jbuild.core.copy;

/** A numeric owner inside the image, as {@code --chown} gives it once names are resolved. */
public record FileOwner(long uid, long gid) {

    public static final FileOwner ROOT = new FileOwner(0, 0);

    /** The largest id: 2^32 - 2, since -1 means "unchanged" to chown(2). */
    private static final long MAX_ID = 0xFFFF_FFFEL;

    public FileOwner {
        if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
            throw new IllegalArgumentException("owner " + uid + ":" + gid + " is out of range 0.." + MAX_ID);
        }
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
