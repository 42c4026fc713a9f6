package dev.jbuild.cache.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts the bytes read through it, so content can be consumed and identified
 * in one pass. {@link #skip} reads the skipped bytes, so they are hashed too.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final DigestAlgorithm algorithm;
    private final MessageDigest hash;
    private long size;

    public DigestingInputStream(InputStream in) {
        this(in, DigestAlgorithm.SHA256);
    }

    public DigestingInputStream(InputStream in, DigestAlgorithm algorithm) {
        super(in);
        this.algorithm = algorithm;
        this.hash = algorithm.newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            hash.update((byte) b);
            size++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hash.update(b, off, n);
            size += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // Unsupported: a reset would hash the same bytes twice.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported while digesting");
    }

    /** Bytes read so far. */
    public long size() {
        return size;
    }

    /** The digest of the bytes read so far; reading on afterwards starts a new hash. */
    public Digest digest() {
        return Digest.of(algorithm, hash.digest());
    }
}
