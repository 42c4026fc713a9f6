package dev.jbuild.cache.digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through to another stream while hashing and counting them, so content can
 * be written and identified in one pass without being held in memory.
 */
public final class DigestingOutputStream extends FilterOutputStream {

    private final DigestAlgorithm algorithm;
    private final MessageDigest hash;
    private long size;
    private Digest digest;

    public DigestingOutputStream(OutputStream out) {
        this(out, DigestAlgorithm.SHA256);
    }

    public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
        super(out);
        this.algorithm = algorithm;
        this.hash = algorithm.newMessageDigest();
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        out.write(b);
        hash.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        // FilterOutputStream would write byte by byte; go straight to the target.
        out.write(b, off, len);
        hash.update(b, off, len);
        size += len;
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /** The digest of everything written; ends hashing, so no further writes are accepted. */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.of(algorithm, hash.digest());
        }
        return digest;
    }

    private void checkOpen() throws IOException {
        if (digest != null) {
            throw new IOException("write after the digest was taken");
        }
    }
}
