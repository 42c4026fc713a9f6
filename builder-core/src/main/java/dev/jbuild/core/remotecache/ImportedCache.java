package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CacheSource;
import dev.jbuild.cache.index.CachedLayer;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.LayerConversions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A shared cache imported lazily: only its records are read up front; a layer is fetched when a
 * step's key hits its record, then stored locally (a gzip layer also as its plain tar, as local
 * builds store layers) and recorded in the local index (after the blob, as every local record),
 * so the next build finds it without the network. A layer that cannot be fetched is a warning
 * and a miss: the step runs.
 */
public final class ImportedCache implements CacheSource {

    private final String name;
    private final Map<CacheKey, CacheRecord> records;
    private final LayerFetcher fetcher;
    private final BlobStore blobs;
    private final CacheIndex local;
    private final Consumer<String> warnings;
    private final LayerConversions conversions;

    /**
     * @param name how the cache is named in warnings: its reference or directory
     * @param warnings receives one line per layer that could not be fetched
     */
    public ImportedCache(String name, ExportedRecords records, LayerFetcher fetcher, BlobStore blobs, CacheIndex local,
            Consumer<String> warnings) {
        if (!records.current()) {
            throw new IllegalArgumentException(name + ": records of key schema " + records.keySchemaVersion()
                    + " cannot be imported by key schema " + CacheKey.SCHEMA_VERSION);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.records = Map.copyOf(records.byKey());
        this.fetcher = fetcher;
        this.blobs = blobs;
        this.local = local;
        this.warnings = warnings;
        this.conversions = new LayerConversions(blobs);
    }

    /** How many records the cache holds. */
    public int size() {
        return records.size();
    }

    @Override
    public Optional<CacheRecord> lookup(CacheKey key) {
        CacheRecord record = records.get(key);
        if (record == null) {
            return Optional.empty();
        }
        if (record.layer().isPresent()) {
            CachedLayer layer = record.layer().get();
            try {
                record = CacheRecord.of(stored(layer));
            } catch (RuntimeException e) {
                warnings.accept("cache " + name + ": cannot fetch layer " + layer.digest() + " (" + e.getMessage()
                        + "); the step runs instead");
                return Optional.empty();
            }
        }
        local.record(key, record);
        return Optional.of(record);
    }

    /**
     * The layer in the local store, fetched if it is not there. A gzip layer is kept as local
     * builds keep layers, a plain tar (checked against its diff_id), so the image is the one the
     * exporting machine built; the fetched gzip is remembered as that tar's gzip, so pushing or
     * exporting sends it as it came.
     */
    private CachedLayer stored(CachedLayer layer) {
        boolean gzip = MediaType.OCI_LAYER_GZIP.equals(layer.mediaType());
        if (gzip && blobs.contains(layer.diffId())) {
            return plain(layer);
        }
        if (!blobs.contains(layer.digest())) {
            fetcher.fetch(layer, blobs);
        }
        if (!gzip) {
            return layer;
        }
        try (InputStream tar = Compression.decompress(blobs.open(layer.digest()));
                BlobWriter writer = blobs.newWriter()) {
            tar.transferTo(writer);
            writer.commit(layer.diffId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack layer " + layer.digest() + ": " + e.getMessage(), e);
        }
        conversions.remember(layer.diffId(), Compression.GZIP, new StoredBlob(layer.digest(), layer.size()));
        return plain(layer);
    }

    private CachedLayer plain(CachedLayer layer) {
        return new CachedLayer(layer.diffId(), layer.diffId(), blobs.size(layer.diffId()), MediaType.OCI_LAYER,
                layer.created());
    }
}
