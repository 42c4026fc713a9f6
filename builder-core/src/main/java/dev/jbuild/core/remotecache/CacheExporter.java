package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.registry.RegistryClient;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exports cache records as one OCI image manifest: the config blob is the records
 * ({@link ExportedRecords#MEDIA_TYPE}), the layers are the layer blobs they name. The manifest
 * and records go into the local blob store first, so the registry and layout transports publish
 * from one place.
 */
public final class CacheExporter {

    private final Supplier<RegistryClient> registry;
    private final BlobStore blobs;

    public CacheExporter(Supplier<RegistryClient> registry, BlobStore blobs) {
        this.registry = registry;
        this.blobs = blobs;
    }

    /**
     * @return how many records were exported
     * @throws RemoteCacheException naming the cache and why it could not be written
     */
    public int export(CacheLocation location, List<CacheEntry> entries) {
        try {
            ExportedRecords records = ExportedRecords.of(entries);
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
}
