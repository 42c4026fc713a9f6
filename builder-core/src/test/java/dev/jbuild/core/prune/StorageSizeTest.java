package dev.jbuild.core.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageSizeTest {

    @TempDir
    Path dir;

    @Test
    void sizesAreReadInPowersOf1024AsDockersKeepStorage() {
        assertEquals(512L * 1024 * 1024, StorageSize.parse("512MB").bytes());
        assertEquals(10L * 1024 * 1024 * 1024, StorageSize.parse("10GB").bytes());
        assertEquals(1536L * 1024 * 1024, StorageSize.parse("1.5g").bytes());
        assertEquals(2048, StorageSize.parse("2k").bytes());
        assertEquals(100, StorageSize.parse("100").bytes());
        assertEquals(100, StorageSize.parse("100B").bytes());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> StorageSize.parse("lots"));
        assertTrue(bad.getMessage().contains("'lots' is not a size"), bad.getMessage());
    }

    @Test
    void sizesAreShownInPowersOf1000AsDockersReport() {
        assertEquals("0B", new StorageSize(0).toString());
        assertEquals("999B", new StorageSize(999).toString());
        assertEquals("1.2GB", new StorageSize(1_200_000_000L).toString());
        assertEquals("2.001MB", new StorageSize(2_001_000).toString());
        assertEquals("512kB", new StorageSize(512_000).toString());
    }

    @Test
    void limitComesFromTheEnvironmentOrTheFileSystem() {
        assertEquals(Optional.of(StorageSize.parse("5GB")), CacheLimit.of(dir, Map.of(CacheLimit.ENVIRONMENT, "5GB")));
        assertEquals(Optional.empty(), CacheLimit.of(dir, Map.of(CacheLimit.ENVIRONMENT, "off")));
        long fallback = CacheLimit.of(dir, Map.of()).orElseThrow().bytes();
        assertTrue(fallback > 0 && fallback <= CacheLimit.CEILING, "10% of the file system, at most 20 GB: " + fallback);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CacheLimit.of(dir, Map.of(CacheLimit.ENVIRONMENT, "big")));
        assertTrue(bad.getMessage().startsWith("JBUILD_CACHE_LIMIT: "), bad.getMessage());
    }
}
