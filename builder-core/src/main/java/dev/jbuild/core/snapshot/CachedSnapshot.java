package dev.jbuild.core.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** A materialised layer stack on disk, as prune sees it: where it is, its ChainID (hex), size and last use. */
public record CachedSnapshot(Path entry, String chainId, long size, Instant lastUsed) {

    public CachedSnapshot {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(lastUsed, "lastUsed");
    }
}
