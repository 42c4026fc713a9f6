package dev.jbuild.cache.index;

import java.util.List;
import java.util.Optional;

/**
 * The caches a build consults, in order: the local index first, then each imported cache
 * ({@code --cache-from}) as given. Results are always recorded in the local index, so a remote
 * hit is local the next time.
 */
public final class CacheChain implements CacheSource {

    private final CacheIndex local;
    private final List<CacheSource> imported;

    public CacheChain(CacheIndex local, List<CacheSource> imported) {
        this.local = local;
        this.imported = List.copyOf(imported);
    }

    /** Only the local index. */
    public static CacheChain localOnly(CacheIndex local) {
        return new CacheChain(local, List.of());
    }

    @Override
    public Optional<CacheRecord> lookup(CacheKey key) {
        Optional<CacheRecord> hit = local.lookup(key);
        for (int i = 0; hit.isEmpty() && i < imported.size(); i++) {
            hit = imported.get(i).lookup(key);
        }
        return hit;
    }

    public void record(CacheKey key, CacheRecord record) {
        local.record(key, record);
    }
}
