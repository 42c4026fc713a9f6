package dev.jbuild.core.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {

    @TempDir
    Path temp;

    /** Half random, half repetitive text, several blocks long and not a multiple of the block size. */
    private static byte[] sample(int size) {
        byte[] data = new byte[size];
        Random random = new Random(42);
        for (int i = 0; i < size; i++) {
            data[i] = (i / 10_000) % 2 == 0 ? (byte) random.nextInt() : (byte) ("layer " + (i % 97)).charAt(i % 5);
        }
        return data;
    }

    private static byte[] compress(Compression compression, byte[] data, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressing = compression.compress(out, threads)) {
            // Uneven writes, so block boundaries do not line up with write calls.
            for (int off = 0; off < data.length; off += 7777) {
                compressing.write(data, off, Math.min(7777, data.length - off));
            }
        }
        return out.toByteArray();
    }

    @Test
    void parallelGzipIsReadableByTheGzipTool() throws Exception {
        byte[] data = sample(5 * ParallelGzipOutputStream.BLOCK_SIZE + 12345);
        Path gz = temp.resolve("data.gz");
        Files.write(gz, compress(Compression.GZIP, data, 4));
        Path plain = temp.resolve("data");
        Command.of(temp, "/bin/gzip", "-d", "-c", gz.toString()).runTo(plain);
        assertArrayEquals(data, Files.readAllBytes(plain));
        Command.of(temp, "/bin/gzip", "-t", gz.toString()).run();
    }

    @Test
    void parallelGzipIsReadableByJava() throws IOException {
        byte[] data = sample(3 * ParallelGzipOutputStream.BLOCK_SIZE + 1);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compress(Compression.GZIP, data, 2)))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void parallelGzipGivesTheSameBytesForAnyThreadCount() throws IOException {
        byte[] data = sample(4 * ParallelGzipOutputStream.BLOCK_SIZE + 999);
        byte[] one = compress(Compression.GZIP, data, 1);
        assertArrayEquals(one, compress(Compression.GZIP, data, 2));
        assertArrayEquals(one, compress(Compression.GZIP, data, 5));
        assertTrue(one.length < data.length * 0.75, "compresses: " + one.length + " of " + data.length);
    }

    @Test
    void emptyGzipIsValid() throws Exception {
        Path gz = temp.resolve("empty.gz");
        Files.write(gz, compress(Compression.GZIP, new byte[0], 2));
        Command.of(temp, "/bin/gzip", "-t", gz.toString()).run();
    }

    @Test
    void zstdGivesTheSameBytesForAnyThreadCountAndTheToolReadsIt() throws Exception {
        byte[] data = sample(3_000_000);
        byte[] one = compress(Compression.ZSTD, data, 1);
        assertArrayEquals(one, compress(Compression.ZSTD, data, 2));
        assertArrayEquals(data, Compression.decompress(new ByteArrayInputStream(one)).readAllBytes());
        assertTrue(Command.available("zstd"), "the zstd tool is missing: apt-get install zstd");
        Path zst = temp.resolve("data.zst");
        Files.write(zst, one);
        Path plain = temp.resolve("data");
        Command.of(temp, "zstd", "-q", "-d", "-c", zst.toString()).runTo(plain);
        assertArrayEquals(data, Files.readAllBytes(plain));
    }

    @Test
    void decompressDetectsEachFormat() throws IOException {
        byte[] data = sample(100_000);
        for (Compression compression : Compression.values()) {
            byte[] compressed = compress(compression, data, 2);
            assertArrayEquals(data, Compression.decompress(new ByteArrayInputStream(compressed)).readAllBytes(),
                    compression.name());
        }
    }

    @Test
    void decompressReadsMultiMemberGzip() throws Exception {
        Path a = temp.resolve("a");
        Files.writeString(a, "first member\n");
        Path b = temp.resolve("b");
        Files.writeString(b, "second member\n");
        Path both = temp.resolve("both.gz");
        Files.write(both, concat(gzipWithTool(a), gzipWithTool(b)));
        try (InputStream in = Compression.decompress(Files.newInputStream(both))) {
            assertEquals("first member\nsecond member\n", new String(in.readAllBytes()));
        }
    }

    private byte[] gzipWithTool(Path file) throws Exception {
        Path out = temp.resolve(file.getFileName() + ".gz");
        Command.of(temp, "/bin/gzip", "-c", file.toString()).runTo(out);
        return Files.readAllBytes(out);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
