package dev.jbuild.core.prune;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What prune may remove and what it keeps. Candidates are all build cache entries, or with
 * {@code unusedFor} only those not used for at least that long; candidates go least recently
 * used first, until the build cache is no larger than {@code keepStorage} (nothing kept when
 * absent). Images in the local store are never build cache.
 */
public record PrunePolicy(Optional<Duration> unusedFor, Optional<StorageSize> keepStorage) {

    public PrunePolicy {
        Objects.requireNonNull(unusedFor, "unusedFor");
        Objects.requireNonNull(keepStorage, "keepStorage");
        unusedFor.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("an age cannot be negative: " + d);
            }
        });
    }

    /** Everything: {@code jbuild prune --all}. */
    public static PrunePolicy all() {
        return new PrunePolicy(Optional.empty(), Optional.empty());
    }

    /** Down to a limit, least recently used first: the automatic limit, and prune without flags. */
    public static PrunePolicy keep(StorageSize limit) {
        return new PrunePolicy(Optional.empty(), Optional.of(limit));
    }
}
