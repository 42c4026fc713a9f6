package dev.jbuild.core.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip on all cores, in the manner of pigz: the input is cut into fixed blocks, each block
 * is deflated on its own thread (primed with the previous block's last 32 KiB as its
 * dictionary, so the ratio stays close to single-threaded gzip) and ended with a sync flush,
 * and the pieces are joined in order into one ordinary gzip member. Plain gunzip, Go and
 * Java read it. The block boundaries depend only on the input, never on thread timing or
 * count, so the same input always gives the same bytes.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    static final int BLOCK_SIZE = 128 * 1024;
    private static final int DICTIONARY_SIZE = 32 * 1024;
    // A fixed header: no name, mtime 0 and "unknown" OS, so the output does not vary by host or time.
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long totalIn;
    private byte[] block = new byte[BLOCK_SIZE];
    private int blockLength;
    private byte[] previousBlock;
    private int previousLength;
    private boolean finished;

    /**
     * Compresses into {@code out} at this zlib level (1–9; 6 is gzip's default) on this many
     * threads; 1 compresses on the calling thread with the very same output.
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 1..9, got " + level);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.out = out;
        this.level = level;
        if (threads == 1) {
            this.pool = null;
        } else {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "jbuild-gzip");
                        thread.setDaemon(true);
                        return thread;
                    });
            // If a caller abandons the stream after an error, idle threads still go away.
            executor.allowCoreThreadTimeOut(true);
            this.pool = executor;
        }
        // Enough queued blocks to keep every thread busy while the writer catches up, and no more.
        this.maxInFlight = threads * 2;
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        crc.update(b, off, len);
        totalIn += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == BLOCK_SIZE) {
                submit(false);
            }
        }
    }

    /**
     * Writes out the blocks already compressed. It does not cut a block early: that would
     * make the output depend on when callers flush.
     */
    @Override
    public void flush() throws IOException {
        checkOpen();
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            out.write(await(inFlight.pollFirst()));
        }
        out.flush();
    }

    /** Ends the gzip member; the underlying stream stays open. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                out.write(await(inFlight.pollFirst()));
            }
            writeIntLe(crc.getValue());
            writeIntLe(totalIn);
            out.flush();
        } finally {
            finished = true;
            shutdown();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = blockLength;
        byte[] dictionary = null;
        if (previousBlock != null) {
            int size = Math.min(DICTIONARY_SIZE, previousLength);
            dictionary = new byte[size];
            System.arraycopy(previousBlock, previousLength - size, dictionary, 0, size);
        }
        final byte[] dict = dictionary;
        if (pool == null) {
            inFlight.addLast(CompletableFuture.completedFuture(deflate(data, length, dict, last, level)));
        } else {
            inFlight.addLast(pool.submit(() -> deflate(data, length, dict, last, level)));
        }
        previousBlock = data;
        previousLength = length;
        block = last ? null : new byte[BLOCK_SIZE];
        blockLength = 0;
        while (inFlight.size() > maxInFlight) {
            out.write(await(inFlight.pollFirst()));
        }
    }

    private static byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(data, 0, length);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 2 + 64);
            byte[] buffer = new byte[Math.max(length / 2, 4096)];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    int n = deflater.deflate(buffer);
                    compressed.write(buffer, 0, n);
                }
            } else {
                // A sync flush ends the block on a byte boundary, so the next block's bits can follow it.
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    compressed.write(buffer, 0, n);
                } while (n == buffer.length || !deflater.needsInput());
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] await(Future<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("gzip compression failed: " + e.getCause(), e.getCause());
        }
    }

    private void writeIntLe(long value) throws IOException {
        out.write((int) value & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 24) & 0xff);
    }

    private void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        inFlight.clear();
    }

    private void checkOpen() throws IOException {
        if (finished) {
            throw new IOException("gzip stream already finished");
        }
    }
}
