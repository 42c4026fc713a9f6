package dev.jbuild.cache.index;

import dev.jbuild.cache.digest.Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A layer a cached step produced: its blob digest, uncompressed diff_id, size and media type,
 * and when the step made it (unknown in records written before that was kept). The time goes
 * into image history, as BuildKit dates a layer by its cache record, so an unchanged rebuild
 * gives the same image.
 */
public record CachedLayer(Digest digest, Digest diffId, long size, String mediaType, Optional<Instant> created) {

    public CachedLayer(Digest digest, Digest diffId, long size, String mediaType) {
        this(digest, diffId, size, mediaType, Optional.empty());
    }

    public CachedLayer {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative layer size " + size);
        }
    }
}
