package dev.jbuild.cache.index;

import dev.jbuild.cache.digest.Digest;
import java.util.Objects;

/** A layer a cached step produced: its blob digest, uncompressed diff_id, size and media type. */
public record CachedLayer(Digest digest, Digest diffId, long size, String mediaType) {

    public CachedLayer {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
        if (size < 0) {
            throw new IllegalArgumentException("negative layer size " + size);
        }
    }
}
