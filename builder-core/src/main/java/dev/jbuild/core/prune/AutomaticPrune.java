package dev.jbuild.core.prune;

import dev.jbuild.cache.lock.DataDirectoryLock;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps the build cache under its {@link CacheLimit} at the end of a build that wrote to it. It
 * never waits and never fails the build: when another process holds the data directory it
 * leaves the work to a later build, and any trouble becomes a warning.
 */
public final class AutomaticPrune {

    private final Path data;
    private final Map<String, String> environment;
    private final Consumer<String> warnings;

    public AutomaticPrune(Path dataDirectory, Map<String, String> environment, Consumer<String> warnings) {
        this.data = dataDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.warnings = warnings;
    }

    /** Prunes least recently used entries if the build cache is over the limit; what it freed, if it ran. */
    public Optional<PruneReport> run() {
        Optional<StorageSize> limit;
        try {
            limit = CacheLimit.of(data, environment);
        } catch (IllegalArgumentException e) {
            warnings.accept("the build cache was not kept under a limit: " + e.getMessage());
            return Optional.empty();
        }
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<DataDirectoryLock.Held> held = DataDirectoryLock.of(data).tryExclusive();
            if (held.isEmpty()) {
                return Optional.empty();
            }
            try (DataDirectoryLock.Held exclusive = held.get()) {
                if (CacheInventory.of(data).buildCacheBytes() <= limit.get().bytes()) {
                    return Optional.empty();
                }
                PruneReport report = new CachePruner(data).prune(PrunePolicy.keep(limit.get()));
                report.warnings().forEach(warnings);
                return Optional.of(report);
            }
        } catch (RuntimeException e) {
            warnings.accept("the build cache could not be kept under " + limit.get() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
