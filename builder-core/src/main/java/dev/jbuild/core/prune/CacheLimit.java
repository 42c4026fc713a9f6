package dev.jbuild.core.prune;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The size the build cache is kept under automatically after each build, and by {@code jbuild
 * prune} without flags: {@code JBUILD_CACHE_LIMIT} when set (a size such as {@code 5GB}, or
 * {@code off}), else 10% of the file system holding the data directory, at most 20 GB, in the
 * spirit of BuildKit's default garbage collection.
 */
public final class CacheLimit {

    public static final String ENVIRONMENT = "JBUILD_CACHE_LIMIT";
    static final long CEILING = 20L * 1024 * 1024 * 1024;

    private CacheLimit() {
    }

    /**
     * The limit for the data directory, or empty when switched off.
     *
     * @throws IllegalArgumentException when the variable holds no size, naming it
     */
    public static Optional<StorageSize> of(Path dataDirectory, Map<String, String> environment) {
        String setting = environment.get(ENVIRONMENT);
        if (setting != null && !setting.isBlank()) {
            if (setting.trim().equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            try {
                return Optional.of(StorageSize.parse(setting));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENVIRONMENT + ": " + e.getMessage() + ", or off", e);
            }
        }
        return Optional.of(new StorageSize(Math.min(CEILING, fileSystemSize(dataDirectory) / 10)));
    }

    private static long fileSystemSize(Path dataDirectory) {
        Path existing = dataDirectory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing == null ? Path.of("/") : existing);
            return store.getTotalSpace();
        } catch (IOException e) {
            return CEILING * 10;
        }
    }
}
