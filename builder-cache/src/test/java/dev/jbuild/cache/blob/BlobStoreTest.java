package dev.jbuild.cache.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    @TempDir
    Path root;

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void storesContentAtItsDigestPath() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] content = randomBytes(300_000, 1);

        StoredBlob blob = store.write(new ByteArrayInputStream(content));

        assertEquals(Digest.sha256(content), blob.digest());
        assertEquals(content.length, blob.size());
        Path expected = root.resolve("blobs/sha256/" + blob.digest().hex());
        assertEquals(expected, store.path(blob.digest()));
        assertArrayEquals(content, Files.readAllBytes(expected));
        assertTrue(store.contains(blob.digest()));
        assertEquals(content.length, store.size(blob.digest()));
        try (InputStream in = store.open(blob.digest())) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals(List.of(expected), filesUnder(root), "no temporary file is left behind");
    }

    @Test
    void acceptsContentMatchingTheExpectedDigest() {
        BlobStore store = new BlobStore(root);
        byte[] content = randomBytes(1000, 2);
        StoredBlob blob = store.write(new ByteArrayInputStream(content), Digest.sha256(content));
        assertEquals(Digest.sha256(content), blob.digest());
    }

    @Test
    void rejectsAMismatchWithoutLeavingAFile() throws IOException {
        BlobStore store = new BlobStore(root);
        byte[] content = randomBytes(1000, 3);
        Digest wrong = Digest.sha256("something else".getBytes());

        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> store.write(new ByteArrayInputStream(content), wrong));

        assertEquals(wrong, e.expected());
        assertEquals(Digest.sha256(content), e.actual());
        assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
        assertFalse(store.contains(wrong));
        assertFalse(store.contains(Digest.sha256(content)));
        assertEquals(List.of(), filesUnder(root));
    }

    @Test
    void closingAWriterWithoutCommitDiscardsIt() throws IOException {
        BlobStore store = new BlobStore(root);
        try (BlobWriter writer = store.newWriter()) {
            writer.write(randomBytes(5000, 4));
        }
        assertEquals(List.of(), filesUnder(root));
    }

    @Test
    void aFailingSourceLeavesNothingAndNamesTheStore() throws IOException {
        BlobStore store = new BlobStore(root);
        InputStream broken = new InputStream() {
            int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.write(broken));
        assertTrue(e.getMessage().contains("connection reset") && e.getMessage().contains(root.toString()), e.getMessage());
        assertEquals(List.of(), filesUnder(root));
    }

    @Test
    void openingAMissingBlobSaysWhichOne() {
        BlobStore store = new BlobStore(root);
        Digest missing = Digest.sha256(new byte[] {1});
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    @Test
    void concurrentWritersOfTheSameBlobAllSucceed() throws Exception {
        BlobStore store = new BlobStore(root);
        byte[] content = randomBytes(2_000_000, 5);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<StoredBlob>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    // Each writer gets its own store object, as separate processes would.
                    return new BlobStore(root).write(new ByteArrayInputStream(content), Digest.sha256(content));
                }));
            }
            start.countDown();
            for (Future<StoredBlob> result : results) {
                assertEquals(Digest.sha256(content), result.get().digest());
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(content, Files.readAllBytes(store.path(Digest.sha256(content))));
        assertEquals(1, filesUnder(root).size(), "exactly the blob, no temporary files");
    }

    @Test
    void abandonedWritesAreRemovedButRecentOnesAndBlobsKept() throws IOException {
        BlobStore store = new BlobStore(root);
        StoredBlob blob = store.write(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        BlobWriter recent = store.newWriter();
        recent.write(7);
        Path abandoned = root.resolve("blobs/sha256/.tmp-killed.partial");
        Files.write(abandoned, new byte[] {1});
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));

        assertEquals(1, store.removeAbandonedWrites(java.time.Duration.ofHours(1)));

        assertFalse(Files.exists(abandoned));
        assertTrue(store.contains(blob.digest()));
        recent.write(8);
        assertEquals(Digest.sha256(new byte[] {7, 8}), recent.commit().digest(), "a write in progress survives");
    }

    @Test
    void deleteRemovesABlob() {
        BlobStore store = new BlobStore(root);
        StoredBlob blob = store.write(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertTrue(store.delete(blob.digest()));
        assertFalse(store.contains(blob.digest()));
        assertFalse(store.delete(blob.digest()));
    }
}
