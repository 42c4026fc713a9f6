package dev.jbuild.core.remotecache;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code --cache-to}: where the cache goes, which records it carries, and whether a failed
 * export only warns ({@code ignore-error=true}) instead of failing the build.
 */
public record CacheExport(CacheLocation location, CacheMode mode, boolean ignoreError) {

    public CacheExport {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * Parses {@code type=registry,ref=REF[,mode=min|max][,ignore-error=true]},
     * {@code type=local,dest=DIR[,…]} or a bare {@code REF}.
     *
     * @throws IllegalArgumentException saying what is wrong with the value
     */
    public static CacheExport parse(String text) {
        Map<String, String> fields = CacheFlagSyntax.fields(text, Set.of("type", "ref", "dest", "mode", "ignore-error"));
        CacheLocation location = CacheFlagSyntax.location(fields, "dest");
        String mode = fields.getOrDefault("mode", "min");
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new IllegalArgumentException("mode=" + mode + " is not supported: use mode=min or mode=max");
        }
        String ignore = fields.getOrDefault("ignore-error", "false");
        if (!ignore.equals("true") && !ignore.equals("false")) {
            throw new IllegalArgumentException("ignore-error=" + ignore + " must be true or false");
        }
        return new CacheExport(location, CacheMode.valueOf(mode.toUpperCase(Locale.ROOT)), Boolean.parseBoolean(ignore));
    }
}
