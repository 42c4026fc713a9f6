package dev.jbuild.core.remotecache;

import java.util.List;

/** The shared caches of one build: where to import from ({@code --cache-from}, in order) and export to ({@code --cache-to}). */
public record RemoteCacheOptions(List<CacheLocation> from, List<CacheExport> to) {

    public static final RemoteCacheOptions NONE = new RemoteCacheOptions(List.of(), List.of());

    public RemoteCacheOptions {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    /** Parses {@code --cache-from} and {@code --cache-to} values; the exception names the flag and value at fault. */
    public static RemoteCacheOptions parse(List<String> from, List<String> to) {
        List<CacheLocation> imports = from.stream().map(f -> parse("--cache-from", f, CacheLocation::parse)).toList();
        List<CacheExport> exports = to.stream().map(t -> parse("--cache-to", t, CacheExport::parse)).toList();
        return new RemoteCacheOptions(imports, exports);
    }

    private static <T> T parse(String flag, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + value + ": " + e.getMessage(), e);
        }
    }
}
