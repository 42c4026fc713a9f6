package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens a shared cache for a build: fetches its manifest and records blob only (layers come later,
 * when a step hits), and checks that it is a jbuild cache of this key schema.
 */
public final class CacheImporter {

    /** Records blobs are small; a larger one is not a jbuild cache. */
    private static final long MAX_RECORDS_BYTES = 64L << 20;

    private final Supplier<RegistryClient> registry;
    private final BlobStore blobs;
    private final CacheIndex local;

    public CacheImporter(Supplier<RegistryClient> registry, BlobStore blobs, CacheIndex local) {
        this.registry = registry;
        this.blobs = blobs;
        this.local = local;
    }

    /**
     * @param warnings receives a line for each layer that a hit could not fetch later
     * @throws RemoteCacheException naming the cache and why it cannot be used (missing, unreachable,
     *         not a jbuild cache, another key schema)
     */
    public ImportedCache open(CacheLocation location, Consumer<String> warnings) {
        try {
            CacheStore store = CacheStore.at(location, registry);
            ImageManifest manifest = store.manifest();
            Descriptor config = manifest.config();
            if (!ExportedRecords.MEDIA_TYPE.equals(config.mediaType())) {
                throw new RemoteCacheException("its config is " + config.mediaType() + ", not a jbuild cache", null);
            }
            if (config.size() > MAX_RECORDS_BYTES) {
                throw new RemoteCacheException("its records blob has " + config.size() + " bytes, more than a cache has", null);
            }
            store.fetch(config, blobs);
            ExportedRecords records;
            try (InputStream in = blobs.open(config.digest())) {
                records = ExportedRecords.parse(in.readAllBytes());
            }
            if (!records.current()) {
                throw new RemoteCacheException("its keys are of schema version " + records.keySchemaVersion()
                        + " and this jbuild makes version " + CacheKey.SCHEMA_VERSION + "; ignored", null);
            }
            return new ImportedCache(location.toString(), records,
                    (layer, into) -> store.fetch(Descriptor.of(layer.mediaType(), layer.digest(), layer.size()), into),
                    blobs, local, warnings);
        } catch (IOException | RuntimeException e) {
            throw RemoteCacheException.of("import cache", location, e);
        }
    }
}
