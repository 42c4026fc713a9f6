package dev.jbuild.core.remotecache;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.index.CachedLayer;

/**
 * Brings one layer of a shared cache into the local blob store, verified against its digest
 * (from a registry, or from an OCI layout directory). Throws a runtime exception that says why
 * when it cannot.
 */
@FunctionalInterface
public interface LayerFetcher {

    void fetch(CachedLayer layer, BlobStore into);
}
