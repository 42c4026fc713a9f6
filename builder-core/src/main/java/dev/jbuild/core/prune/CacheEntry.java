package dev.jbuild.core.prune;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing prune may remove, with its size on disk and its last use: a cache record, a blob
 * nothing names, a materialised snapshot, a {@code RUN --mount=type=cache} directory, or a step's
 * key history. A record's layer blob is not an entry of its own: it goes with the last record
 * that names it.
 */
public record CacheEntry(Kind kind, Path path, long size, Instant lastUsed) {

    /** What an entry is. */
    public enum Kind {
        RECORD, UNREFERENCED_BLOB, SNAPSHOT, CACHE_MOUNT, KEY_HISTORY, DOWNLOAD, CONVERSION
    }

    public CacheEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastUsed, "lastUsed");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " of " + path);
        }
    }
}
