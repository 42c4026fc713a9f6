package dev.jbuild.core.op;

import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.core.layer.LayerBlob;
import java.util.List;
import java.util.Objects;

/** What an op reads of a solved stage: the cache key of its final filesystem and its layers, bottom first. */
public record StageFilesystem(CacheKey key, List<LayerBlob> layers) {

    public StageFilesystem {
        Objects.requireNonNull(key, "key");
        layers = List.copyOf(layers);
    }
}
