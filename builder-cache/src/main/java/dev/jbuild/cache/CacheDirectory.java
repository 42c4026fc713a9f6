package dev.jbuild.cache;

import dev.jbuild.cache.blob.BlobStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The directory holding jbuild's cache: {@code $JBUILD_CACHE} if set, else
 * {@code $XDG_CACHE_HOME/jbuild}, else {@code ~/.cache/jbuild}, following the XDG base
 * directory specification so that users and CI can relocate or wipe it in the usual way.
 */
public record CacheDirectory(Path root) {

    public static final String JBUILD_CACHE = "JBUILD_CACHE";
    public static final String XDG_CACHE_HOME = "XDG_CACHE_HOME";

    public CacheDirectory {
        Objects.requireNonNull(root, "root");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("cache directory must be an absolute path: " + root);
        }
        root = root.normalize();
    }

    /** Resolves the directory from this process's environment and home directory. */
    public static CacheDirectory fromEnvironment() {
        return resolve(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Resolves the directory from the given environment, for callers and tests that supply their own. */
    public static CacheDirectory resolve(Map<String, String> environment, Path home) {
        String explicit = environment.get(JBUILD_CACHE);
        if (explicit != null && !explicit.isBlank()) {
            // An explicit setting is honoured even when relative (e.g. "./.jbuild-cache" in CI).
            return new CacheDirectory(Path.of(explicit).toAbsolutePath());
        }
        String xdg = environment.get(XDG_CACHE_HOME);
        // The XDG specification says to ignore a relative value as invalid.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new CacheDirectory(Path.of(xdg).resolve("jbuild"));
        }
        return new CacheDirectory(home.toAbsolutePath().resolve(".cache").resolve("jbuild"));
    }

    /** The content-addressed blob store inside this directory. */
    public BlobStore blobStore() {
        return new BlobStore(root);
    }
}
