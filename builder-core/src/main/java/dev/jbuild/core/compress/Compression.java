package dev.jbuild.core.compress;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * How a layer blob is compressed. Compressing is deterministic for each kind: gzip through
 * {@link ParallelGzipOutputStream}, zstd with at least one worker thread (zstd's output is
 * the same for any worker count of one or more, but differs from its single-threaded mode).
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    private static final int GZIP_LEVEL = 6;
    private static final int ZSTD_LEVEL = 3;

    /** A stream that compresses into {@code out} at the default level; closing it ends the compressed data and closes {@code out}. */
    public OutputStream compress(OutputStream out, int threads) throws IOException {
        return compress(out, threads, defaultLevel());
    }

    /** As {@link #compress(OutputStream, int)}, at {@code level} (ignored for NONE). */
    public OutputStream compress(OutputStream out, int threads, int level) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out, level, threads);
            case ZSTD -> ZstdCompressorOutputStream.builder()
                    .setOutputStream(out)
                    .setLevel(level)
                    .setWorkers(Math.max(1, threads))
                    .setChecksum(true)
                    .get();
        };
    }

    /** The level {@link #compress(OutputStream, int)} uses: gzip 6 and zstd 3, as BuildKit's defaults; 0 for NONE. */
    public int defaultLevel() {
        return switch (this) {
            case NONE -> 0;
            case GZIP -> GZIP_LEVEL;
            case ZSTD -> ZSTD_LEVEL;
        };
    }

    /** Which compression these leading bytes announce (gzip and zstd magic numbers), NONE otherwise. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            return GZIP;
        }
        if (length >= 4 && head[0] == 0x28 && head[1] == (byte) 0xb5 && head[2] == 0x2f && head[3] == (byte) 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Decompresses whatever the stream holds: gzip (all members), zstd, or nothing. */
    public static InputStream decompress(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(4);
        byte[] head = buffered.readNBytes(4);
        buffered.reset();
        return switch (detect(head, head.length)) {
            case NONE -> buffered;
            // commons-compress, not java.util.zip: GZIPInputStream may stop at a member boundary on a network stream.
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(buffered).setDecompressConcatenated(true).get();
            case ZSTD -> new ZstdCompressorInputStream(buffered);
        };
    }
}
