package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.registry.RegistryClient;
import java.util.function.Supplier;

/**
 * The transport of a shared cache: reads its manifest, brings one of its blobs into a local blob
 * store (verified by digest), and publishes a manifest whose blobs are all in a local store.
 */
interface CacheStore {

    ImageManifest manifest();

    void fetch(Descriptor blob, BlobStore into);

    void publish(Descriptor manifest, ImageManifest document, BlobStore from);

    static CacheStore at(CacheLocation location, Supplier<RegistryClient> registry) {
        if (location instanceof CacheLocation.Registry r) {
            return new RegistryCacheStore(registry.get(), r.reference());
        }
        return new LayoutCacheStore(((CacheLocation.Layout) location).directory());
    }
}
