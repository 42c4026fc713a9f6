package dev.jbuild.core.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The attributes of one output, checked against what its type knows: an attribute the type does
 * not know is an error that lists the known ones, and {@code annotation.*} keys are accepted
 * only by types that write annotations. Values are read typed, each error naming the output.
 */
final class ExportAttributes {

    private static final List<String> ANNOTATION_PREFIXES = List.of("annotation.", "annotation-manifest.",
            "annotation-index.");

    private final OutputSpec spec;
    private final Set<String> known;

    ExportAttributes(OutputSpec spec, boolean annotations, String... known) {
        this.spec = spec;
        this.known = new TreeSet<>(Arrays.asList(known));
        for (String key : spec.attributes().keySet()) {
            boolean annotation = annotations && ANNOTATION_PREFIXES.stream().anyMatch(key::startsWith);
            if (!annotation && !this.known.contains(key)) {
                List<String> names = new ArrayList<>(this.known);
                if (annotations) {
                    names.add("annotation[-manifest|-index].KEY");
                }
                throw error("unknown attribute '" + key + "' for type=" + spec.type() + " (known: "
                        + String.join(", ", names) + ")");
            }
        }
    }

    Optional<String> string(String key) {
        return Optional.ofNullable(spec.attributes().get(key));
    }

    String required(String key, String what) {
        return string(key).filter(v -> !v.isEmpty())
                .orElseThrow(() -> error("type=" + spec.type() + " needs " + key + "=" + what));
    }

    boolean bool(String key, boolean otherwise) {
        return optionalBool(key).orElse(otherwise);
    }

    Optional<Boolean> optionalBool(String key) {
        return string(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw error(key + "=" + v + " is not true or false");
        });
    }

    Optional<Integer> integer(String key) {
        return string(key).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw error(key + "=" + v + " is not a number");
            }
        });
    }

    /** The comma-separated names of {@code name=}, or {@code otherwise} when it is absent. */
    List<String> names(List<String> otherwise) {
        return string("name").map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(otherwise);
    }

    /** Annotations with this prefix, e.g. {@code annotation-index.}, by key without it. */
    Map<String, String> annotations(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        spec.attributes().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    ExportOptionException error(String problem) {
        return new ExportOptionException(spec.where() + ": " + problem);
    }
}
