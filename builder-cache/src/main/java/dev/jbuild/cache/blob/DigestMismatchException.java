package dev.jbuild.cache.blob;

import dev.jbuild.cache.digest.Digest;

/**
 * Content written to the store did not hash to the digest it was announced with, so it
 * was discarded; typically a truncated or tampered download.
 */
public final class DigestMismatchException extends BlobStoreException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual, long size) {
        super("content does not match its digest: expected " + expected + ", got " + actual + " over " + size
                + " bytes; the blob was not stored");
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
