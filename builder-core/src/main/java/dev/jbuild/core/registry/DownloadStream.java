package dev.jbuild.core.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The network side of a blob download. It refuses to read past the size the descriptor
 * announced (a registry must not be able to fill the disk), and it marks its own read
 * failures, so that a dropped connection (worth a retry) can be told apart from a failure
 * of the local disk the bytes were going to (not worth one).
 */
final class DownloadStream extends FilterInputStream {

    /** Reading from the network failed. */
    static final class NetworkFailure extends IOException {
        NetworkFailure(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }

    /** The registry sent more bytes than the blob has. */
    static final class Oversized extends IOException {
        Oversized(long limit) {
            super("the registry sent more than the " + limit + " bytes the descriptor announced");
        }
    }

    private final long limit;
    private long count;

    DownloadStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw new NetworkFailure(e);
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new Oversized(limit);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping is not supported in a download");
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Closing a half-read response only drops its connection.
        }
    }
}
