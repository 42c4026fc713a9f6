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
}
