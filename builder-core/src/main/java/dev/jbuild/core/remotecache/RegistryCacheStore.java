package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.registry.FetchedManifest;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;

/** A shared cache in a registry: the manifest the reference names, through the same client as pull and push. */
final class RegistryCacheStore implements CacheStore {

    private final RegistryClient client;
    private final ImageReference reference;

    RegistryCacheStore(RegistryClient client, ImageReference reference) {
        this.client = client;
        this.reference = reference;
    }

    @Override
    public ImageManifest manifest() {
        FetchedManifest fetched = client.fetchManifest(reference);
        if (fetched.document() instanceof ImageManifest manifest) {
            return manifest;
        }
        throw new RemoteCacheException("it is a " + fetched.descriptor().mediaType() + ", not a jbuild cache manifest", null);
    }

    @Override
    public void fetch(Descriptor blob, BlobStore into) {
        client.fetchBlob(reference, blob, into);
    }

    @Override
    public void publish(Descriptor manifest, ImageManifest document, BlobStore from) {
        client.push(reference, manifest, from);
    }
}
