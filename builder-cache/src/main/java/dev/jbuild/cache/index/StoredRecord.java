package dev.jbuild.cache.index;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A cache record as it lies on disk: its file, the layer it names (if any), its size and its last use. */
public record StoredRecord(Path file, Optional<CachedLayer> layer, long size, Instant lastUsed) {

    public StoredRecord {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(lastUsed, "lastUsed");
    }
}
