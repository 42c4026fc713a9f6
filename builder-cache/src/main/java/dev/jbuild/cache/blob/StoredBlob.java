package dev.jbuild.cache.blob;

import dev.jbuild.cache.digest.Digest;
import java.util.Objects;

/** A blob that is in the store: its digest and its size in bytes. */
public record StoredBlob(Digest digest, long size) {
    public StoredBlob {
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative blob size " + size + " for " + digest);
        }
    }
}
