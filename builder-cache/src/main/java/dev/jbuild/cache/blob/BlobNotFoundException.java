package dev.jbuild.cache.blob;

import dev.jbuild.cache.digest.Digest;
import java.nio.file.Path;

/** The store has no blob with the requested digest. */
public final class BlobNotFoundException extends BlobStoreException {
    private final Digest digest;

    public BlobNotFoundException(Digest digest, Path expectedAt) {
        super("blob " + digest + " is not in the store (looked at " + expectedAt + ")");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
