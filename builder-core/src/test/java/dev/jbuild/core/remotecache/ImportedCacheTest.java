package dev.jbuild.core.remotecache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.LayerConversions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportedCacheTest {

    @TempDir
    Path dir;

    private final List<Digest> fetched = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    // Another machine's blob store stands for the remote: fetching copies a blob, verified by digest.
    private LayerFetcher from(BlobStore remote) {
        return (layer, into) -> {
            fetched.add(layer.digest());
            try (InputStream in = remote.open(layer.digest())) {
                into.write(in, layer.digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static CacheKey key(String name) {
        return CacheKey.builder("copy").add("inputs", name).build();
    }

    @Test
    void aHitFetchesOnlyItsLayerAndRecordsItLocally() {
        BlobStore remote = new BlobStore(dir.resolve("remote"));
        StoredBlob one = remote.write(new ByteArrayInputStream("layer one".getBytes()));
        StoredBlob two = remote.write(new ByteArrayInputStream("layer two".getBytes()));
        CachedLayer first = new CachedLayer(one.digest(), Digest.sha256("t1".getBytes()), one.size(), "application/vnd.oci.image.layer.v1.tar");
        CachedLayer second = new CachedLayer(two.digest(), Digest.sha256("t2".getBytes()), two.size(), "application/vnd.oci.image.layer.v1.tar");
        ExportedRecords records = ExportedRecords.of(List.of(new CacheEntry(key("1"), CacheRecord.of(first)),
                new CacheEntry(key("2"), CacheRecord.of(second)), new CacheEntry(key("3"), CacheRecord.noChange())));

        BlobStore blobs = new BlobStore(dir.resolve("local"));
        CacheIndex local = new CacheIndex(dir.resolve("local"), blobs);
        ImportedCache cache = new ImportedCache("reg/cache", ExportedRecords.parse(records.toJson()), from(remote), blobs,
                local, warnings::add);

        assertEquals(Optional.of(CacheRecord.of(first)), cache.lookup(key("1")));
        assertEquals(List.of(one.digest()), fetched);
        assertTrue(blobs.contains(one.digest()));
        assertFalse(blobs.contains(two.digest()));
        assertEquals(Optional.of(CacheRecord.of(first)), local.lookup(key("1")));
        assertEquals(Optional.of(CacheRecord.noChange()), cache.lookup(key("3")));
        assertEquals(Optional.of(CacheRecord.noChange()), local.lookup(key("3")));
        assertTrue(cache.lookup(key("4")).isEmpty());
        assertEquals(List.of(one.digest()), fetched);
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aLayerThatCannotBeFetchedIsAWarningAndAMissAndLeavesNoRecord() {
        BlobStore remote = new BlobStore(dir.resolve("remote"));
        CachedLayer gone = new CachedLayer(Digest.sha256("never stored".getBytes()), Digest.sha256("t".getBytes()), 12,
                "application/vnd.oci.image.layer.v1.tar");
        BlobStore blobs = new BlobStore(dir.resolve("local"));
        CacheIndex local = new CacheIndex(dir.resolve("local"), blobs);
        ImportedCache cache = new ImportedCache("reg/cache", ExportedRecords.of(List.of(new CacheEntry(key("1"),
                CacheRecord.of(gone)))), from(remote), blobs, local, warnings::add);

        assertTrue(cache.lookup(key("1")).isEmpty());
        assertTrue(local.lookup(key("1")).isEmpty());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("reg/cache") && warnings.get(0).contains(gone.digest().toString()), warnings.get(0));
    }

    // java.util.zip's gzip, not jbuild's: bytes jbuild would not make, so a reused blob is told from a recompressed one
    private static StoredBlob foreignGzip(BlobStore store, byte[] tar) {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store.write(new ByteArrayInputStream(gzip.toByteArray()));
    }

    @Test
    void aGzipLayerIsKeptAsItsPlainTarAndRememberedAsThatTarsGzip() {
        BlobStore remote = new BlobStore(dir.resolve("remote"));
        byte[] tar = "a tar, as far as this test goes".repeat(100).getBytes();
        StoredBlob gzip = foreignGzip(remote, tar);
        Digest diffId = Digest.sha256(tar);
        CachedLayer fetchedLayer = new CachedLayer(gzip.digest(), diffId, gzip.size(), MediaType.OCI_LAYER_GZIP);
        BlobStore blobs = new BlobStore(dir.resolve("local"));
        CacheIndex local = new CacheIndex(dir.resolve("local"), blobs);
        ImportedCache cache = new ImportedCache("reg/cache", ExportedRecords.of(List.of(new CacheEntry(key("1"),
                CacheRecord.of(fetchedLayer)))), from(remote), blobs, local, warnings::add);

        CachedLayer plain = new CachedLayer(diffId, diffId, tar.length, MediaType.OCI_LAYER);
        assertEquals(Optional.of(CacheRecord.of(plain)), cache.lookup(key("1")));
        assertEquals(Optional.of(CacheRecord.of(plain)), local.lookup(key("1")));
        assertTrue(blobs.contains(diffId));
        assertEquals(gzip, new LayerConversions(blobs).convert(diffId, Compression.GZIP, Optional.empty()),
                "exporting the layer sends the gzip that was fetched");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aGzipLayerWhoseTarIsNotItsDiffIdIsAWarningAndAMiss() {
        BlobStore remote = new BlobStore(dir.resolve("remote"));
        StoredBlob gzip = foreignGzip(remote, "one tar".getBytes());
        CachedLayer lying = new CachedLayer(gzip.digest(), Digest.sha256("another tar".getBytes()), gzip.size(),
                MediaType.OCI_LAYER_GZIP);
        BlobStore blobs = new BlobStore(dir.resolve("local"));
        CacheIndex local = new CacheIndex(dir.resolve("local"), blobs);
        ImportedCache cache = new ImportedCache("reg/cache", ExportedRecords.of(List.of(new CacheEntry(key("1"),
                CacheRecord.of(lying)))), from(remote), blobs, local, warnings::add);

        assertTrue(cache.lookup(key("1")).isEmpty());
        assertTrue(local.lookup(key("1")).isEmpty());
        assertEquals(1, warnings.size(), warnings.toString());
    }
}
