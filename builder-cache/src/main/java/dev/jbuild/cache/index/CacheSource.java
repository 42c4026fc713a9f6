package dev.jbuild.cache.index;

import java.util.Optional;

/**
 * Somewhere a step's result may be found by its key: the local index, or a cache imported from
 * a registry or a directory. A hit means the result's blob is in the local blob store by the time
 * the record is returned, so the step can use it at once.
 */
@FunctionalInterface
public interface CacheSource {

    Optional<CacheRecord> lookup(CacheKey key);
}
