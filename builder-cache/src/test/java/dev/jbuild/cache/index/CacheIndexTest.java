package dev.jbuild.cache.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheIndexTest {

    @TempDir
    Path dir;

    @Test
    void keysDependOnEveryFieldAndItsBoundaries() {
        CacheKey a = CacheKey.builder("run").add("argv", List.of("sh", "-c", "x")).build();
        assertEquals(a, CacheKey.builder("run").add("argv", List.of("sh", "-c", "x")).build());
        assertNotEquals(a, CacheKey.builder("run").add("argv", List.of("sh", "-cx")).build());
        assertNotEquals(a, CacheKey.builder("copy").add("argv", List.of("sh", "-c", "x")).build());
        assertNotEquals(CacheKey.builder("k").add("a", "bc").build(), CacheKey.builder("k").add("ab", "c").build());
    }

    @Test
    void recordedLayerIsFoundAgainAndMissesOnceItsBlobIsGone() throws Exception {
        BlobStore blobs = new BlobStore(dir);
        StoredBlob blob = blobs.write(new ByteArrayInputStream("layer".getBytes()));
        CacheIndex index = new CacheIndex(dir, blobs);
        CacheKey key = CacheKey.builder("run").add("x", "1").build();
        CachedLayer layer = new CachedLayer(blob.digest(), Digest.sha256("diff".getBytes()), blob.size(), "application/vnd.oci.image.layer.v1.tar+gzip");
        index.record(key, CacheRecord.of(layer));
        assertEquals(Optional.of(CacheRecord.of(layer)), new CacheIndex(dir, blobs).lookup(key));
        Files.delete(blobs.path(blob.digest()));
        assertTrue(index.lookup(key).isEmpty());
    }

    /** Records are renamed into place without fsync: a power cut can leave one empty, or another key's. */
    @Test
    void anEmptyRecordOrOneForAnotherKeyIsAMissNotAStepWithoutChanges() throws Exception {
        BlobStore blobs = new BlobStore(dir);
        CacheIndex index = new CacheIndex(dir, blobs);
        CacheKey key = CacheKey.builder("mkdir").add("path", "/app").build();
        index.record(key, CacheRecord.noChange());
        Path file;
        try (var files = Files.walk(dir.resolve("cache"))) {
            file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }

        Files.write(file, new byte[0]);
        assertTrue(new CacheIndex(dir, blobs).lookup(key).isEmpty());

        CacheKey other = CacheKey.builder("mkdir").add("path", "/other").build();
        Files.writeString(file, "{\"key\":\"" + other + "\",\"layer\":null}");
        assertTrue(new CacheIndex(dir, blobs).lookup(key).isEmpty());
    }

    @Test
    void stepWithoutChangesIsCachedAsNoLayerAndATornRecordIsAMiss() throws Exception {
        BlobStore blobs = new BlobStore(dir);
        CacheIndex index = new CacheIndex(dir, blobs);
        CacheKey key = CacheKey.builder("mkdir").add("path", "/app").build();
        index.record(key, CacheRecord.noChange());
        assertEquals(Optional.of(CacheRecord.noChange()), index.lookup(key));
        Path file;
        try (var files = Files.walk(dir.resolve("cache"))) {
            file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(file, "{\"key\":");
        assertTrue(new CacheIndex(dir, blobs).lookup(key).isEmpty());
    }

    @Test
    void aHitMarksTheRecordAsJustUsedAndARemovedRecordMisses() throws Exception {
        BlobStore blobs = new BlobStore(dir);
        CacheIndex index = new CacheIndex(dir, blobs);
        CacheKey key = CacheKey.builder("run").add("x", "2").build();
        index.record(key, CacheRecord.noChange());
        StoredRecord stored = index.stored().get(0);
        Files.setLastModifiedTime(stored.file(), java.nio.file.attribute.FileTime.from(java.time.Instant.EPOCH));
        assertEquals(java.time.Instant.EPOCH, index.stored().get(0).lastUsed());

        assertTrue(index.lookup(key).isPresent());
        assertTrue(index.stored().get(0).lastUsed().isAfter(java.time.Instant.EPOCH), "a hit is a use");

        index.remove(index.stored().get(0));
        assertTrue(index.lookup(key).isEmpty(), "the in-memory front does not outlive the record");
        assertTrue(index.stored().isEmpty());
    }

    @Test
    void storedListsEachRecordWithTheLayerItNames() {
        BlobStore blobs = new BlobStore(dir);
        StoredBlob blob = blobs.write(new ByteArrayInputStream("layer".getBytes()));
        CacheIndex index = new CacheIndex(dir, blobs);
        CachedLayer layer = new CachedLayer(blob.digest(), Digest.sha256("diff".getBytes()), blob.size(), "application/vnd.oci.image.layer.v1.tar");
        index.record(CacheKey.builder("run").add("x", "1").build(), CacheRecord.of(layer));
        index.record(CacheKey.builder("run").add("x", "2").build(), CacheRecord.noChange());
        List<StoredRecord> stored = index.stored();
        assertEquals(2, stored.size());
        assertEquals(1, stored.stream().filter(r -> r.layer().equals(Optional.of(layer))).count());
        assertEquals(List.of(blob.digest()), blobs.list());
    }
}
