package dev.jbuild.cache.index;

import java.util.Objects;

/** One step's cache record with its key: what a build used or produced, and what a cache export carries. */
public record CacheEntry(CacheKey key, CacheRecord record) {

    public CacheEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(record, "record");
    }
}
