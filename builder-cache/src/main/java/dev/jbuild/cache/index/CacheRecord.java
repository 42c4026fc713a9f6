package dev.jbuild.cache.index;

import java.util.Optional;

/**
 * What a cached step produced: a layer, or none when the step changed no file (a WORKDIR that
 * existed, a RUN that only read). Stored only after the layer's blob is in the blob store.
 */
public record CacheRecord(Optional<CachedLayer> layer) {

    public static CacheRecord noChange() {
        return new CacheRecord(Optional.empty());
    }

    public static CacheRecord of(CachedLayer layer) {
        return new CacheRecord(Optional.of(layer));
    }
}
