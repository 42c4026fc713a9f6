package dev.jbuild.core.remotecache;

import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.grammar.golang.CsvFields;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code type=…,key=value} syntax {@code --cache-from} and {@code --cache-to} share with docker buildx. */
final class CacheFlagSyntax {

    private CacheFlagSyntax() {
    }

    /** Parses {@code type=…,ref|src|dest=…}: a registry reference or a layout directory under {@code directoryKey}. */
    static CacheLocation location(Map<String, String> fields, String directoryKey) {
        String type = fields.getOrDefault("type", "registry");
        if (type.equals("registry")) {
            String ref = fields.get("ref");
            if (ref == null || ref.isBlank()) {
                throw new IllegalArgumentException("type=registry needs ref=REF");
            }
            return new CacheLocation.Registry(ImageReference.parse(ref));
        }
        if (type.equals("local")) {
            String dir = fields.get(directoryKey);
            if (dir == null || dir.isBlank()) {
                throw new IllegalArgumentException("type=local needs " + directoryKey + "=DIR");
            }
            return new CacheLocation.Layout(Path.of(dir));
        }
        throw new IllegalArgumentException("type=" + type + " is not supported: use type=registry or type=local");
    }

    /** {@code k=v,k=v} into a map; a value without {@code =} is a registry reference. */
    static Map<String, String> fields(String text, Set<String> allowed) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!text.contains("=")) {
            fields.put("type", "registry");
            fields.put("ref", text);
            return fields;
        }
        CsvFields.attributes(text).forEach((key, value) -> {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown attribute '" + key + "' (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            fields.put(key, value.trim());
        });
        return fields;
    }
}
