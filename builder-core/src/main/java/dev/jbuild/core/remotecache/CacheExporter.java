package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.store.LayerConversions;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exports cache records as one OCI image manifest: the config blob is the records
 * ({@link ExportedRecords#MEDIA_TYPE}), the layers are the layer blobs they name, gzipped when
 * the local store keeps them as plain tars (once: {@link LayerConversions} remembers). The
 * manifest and records go into the local blob store first, so the registry and layout
 * transports publish from one place.
 */
public final class CacheExporter {

    private final Supplier<RegistryClient> registry;
    private final BlobStore blobs;
    private final LayerConversions conversions;

    public CacheExporter(Supplier<RegistryClient> registry, BlobStore blobs) {
        this.registry = registry;
        this.blobs = blobs;
        this.conversions = new LayerConversions(blobs);
    }

    /**
     * @return how many records were exported
     * @throws RemoteCacheException naming the cache and why it could not be written
     */
    public int export(CacheLocation location, List<CacheEntry> entries) {
        try {
            ExportedRecords records = ExportedRecords.of(entries.stream().map(this::compressed).toList());
            byte[] config = records.toJson();
            blobs.write(new ByteArrayInputStream(config));
            List<Descriptor> layers = records.layers().stream()
                    .map(l -> Descriptor.of(l.mediaType(), l.digest(), l.size())).toList();
            ImageManifest manifest = ImageManifest.of(Descriptor.ofContent(ExportedRecords.MEDIA_TYPE, config), layers);
            byte[] manifestJson = ImageJson.write(manifest);
            blobs.write(new ByteArrayInputStream(manifestJson));
            CacheStore.at(location, registry).publish(Descriptor.ofContent(MediaType.OCI_MANIFEST, manifestJson), manifest, blobs);
            return records.entries().size();
        } catch (RuntimeException e) {
            throw RemoteCacheException.of("export cache to", location, e);
        }
    }

    // The diff_id and the step's time stay; only the blob that carries the tar changes.
    private CacheEntry compressed(CacheEntry entry) {
        Optional<CachedLayer> layer = entry.record().layer();
        if (layer.isEmpty() || !MediaType.OCI_LAYER.equals(layer.get().mediaType())) {
            return entry;
        }
        CachedLayer plain = layer.get();
        StoredBlob gzip = conversions.convert(plain.digest(), Compression.GZIP, Optional.empty());
        return new CacheEntry(entry.key(), CacheRecord.of(new CachedLayer(gzip.digest(), plain.diffId(), gzip.size(),
                MediaType.OCI_LAYER_GZIP, plain.created())));
    }
}
