package dev.jbuild.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheDirectoryTest {

    private static final Path HOME = Path.of("/home/someone");

    @Test
    void jbuildCacheVariableWins() {
        var env = Map.of("JBUILD_CACHE", "/var/cache/jb", "XDG_CACHE_HOME", "/xdg");
        assertEquals(Path.of("/var/cache/jb"), CacheDirectory.resolve(env, HOME).root());
    }

    @Test
    void relativeJbuildCacheIsTakenFromTheWorkingDirectory() {
        var env = Map.of("JBUILD_CACHE", "cache-here");
        assertEquals(Path.of("cache-here").toAbsolutePath(), CacheDirectory.resolve(env, HOME).root());
    }

    @Test
    void xdgCacheHomeIsUsedWhenAbsolute() {
        assertEquals(Path.of("/xdg/jbuild"), CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "/xdg"), HOME).root());
    }

    @Test
    void relativeOrEmptyXdgCacheHomeIsIgnored() {
        Path fallback = Path.of("/home/someone/.cache/jbuild");
        assertEquals(fallback, CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "relative"), HOME).root());
        assertEquals(fallback, CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "", "JBUILD_CACHE", " "), HOME).root());
    }

    @Test
    void defaultsToDotCacheInHome() {
        assertEquals(Path.of("/home/someone/.cache/jbuild"), CacheDirectory.resolve(Map.of(), HOME).root());
    }
}
