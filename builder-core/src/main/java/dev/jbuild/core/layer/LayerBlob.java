package dev.jbuild.core.layer;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import java.util.Objects;

/**
 * A layer as written: the digest and size of the (possibly compressed) blob, the
 * {@code diff_id} (digest of the uncompressed tar, which the image config lists) and the
 * blob's media type.
 */
public record LayerBlob(Digest digest, Digest diffId, long size, String mediaType) {
    public LayerBlob {
        Objects.requireNonNull(digest, "layer digest");
        Objects.requireNonNull(diffId, "layer diff_id");
        Objects.requireNonNull(mediaType, "layer media type");
        if (size < 0) {
            throw new IllegalArgumentException("negative layer size " + size);
        }
    }

    /** The manifest descriptor of this layer. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, size);
    }
}
