package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CacheSource;
import dev.jbuild.cache.index.CachedLayer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A shared cache imported lazily: only its records are read up front; a layer is fetched when a
 * step's key hits its record, then stored locally and recorded in the local index (after the
 * blob, as every local record), so the next build finds it without the network. A layer that
 * cannot be fetched is a warning and a miss: the step runs.
 */
public final class ImportedCache implements CacheSource {

    private final String name;
    private final Map<CacheKey, CacheRecord> records;
    private final LayerFetcher fetcher;
    private final BlobStore blobs;
    private final CacheIndex local;
    private final Consumer<String> warnings;

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
        if (record.layer().isPresent() && !blobs.contains(record.layer().get().digest())) {
            CachedLayer layer = record.layer().get();
            try {
                fetcher.fetch(layer, blobs);
            } catch (RuntimeException e) {
                warnings.accept("cache " + name + ": cannot fetch layer " + layer.digest() + " (" + e.getMessage()
                        + "); the step runs instead");
                return Optional.empty();
            }
        }
        local.record(key, record);
        return Optional.of(record);
    }
}
