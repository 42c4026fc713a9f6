package dev.jbuild.core.solve;

import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.core.image.History;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.op.StageFilesystem;
import java.util.List;

/**
 * A solved stage: its layers bottom first (base image included), its image history, and the
 * cache key of its final filesystem, which steps that copy from it build their keys on, and the
 * cache records of the steps that made its filesystem (a stage built on another inherits its records).
 */
record StageResult(List<LayerBlob> layers, List<History> history, CacheKey key, List<CacheEntry> cache) {

    /** {@code FROM scratch}: no layers, no history. */
    static final StageResult SCRATCH = new StageResult(List.of(), List.of(), CacheKey.builder("scratch").build(), List.of());

    StageResult {
        layers = List.copyOf(layers);
        history = List.copyOf(history);
        cache = List.copyOf(cache);
    }

    /** What an op that reads this stage sees of it. */
    StageFilesystem filesystem() {
        return new StageFilesystem(key, layers);
    }
}
