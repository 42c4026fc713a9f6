package dev.jbuild.cache.index;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What went into the last cache key of each build step, by a step identity (Dockerfile, stage,
 * position), so a miss can say which input changed: the command, a variable, the copied files,
 * the step before. Only for people: keys never depend on it, and a lost record only loses the
 * explanation.
 */
public final class KeyHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> FIELDS = new TypeReference<>() {
    };

    private final Path root;

    public KeyHistory(Path dataDirectory) {
        this.root = dataDirectory.toAbsolutePath().normalize().resolve("cache").resolve("explain");
    }

    /** Remembers the fields a step's key was built from. */
    public void record(String step, Map<String, List<String>> fields) {
        try {
            AtomicFile.writeUnsynced(file(step), JSON.writeValueAsBytes(fields));
        } catch (IOException e) {
            // an explanation is a courtesy; the build goes on without it
        }
    }

    /** Why a step's key differs from the one recorded last time, in a line for people. */
    public String explainMiss(String step, Map<String, List<String>> fields) {
        Optional<Map<String, List<String>>> previous = previous(step);
        if (previous.isEmpty()) {
            return "cache miss: no earlier build of this step is recorded here";
        }
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            List<String> before = previous.get().get(field.getKey());
            if (before == null || before.equals(field.getValue())) {
                continue;
            }
            reasons.add(describe(field.getKey(), before, field.getValue()));
        }
        if (reasons.isEmpty()) {
            return "cache miss: same inputs as last time, but its result is gone from the cache (pruned, or --no-cache)";
        }
        return "cache miss: " + String.join("; ", reasons);
    }

    private static String describe(String field, List<String> before, List<String> now) {
        return switch (field) {
            case "parent" -> "the step before it (or the base image) changed";
            case "env" -> "variables changed: " + String.join(", ", changedNames(before, now));
            case "inputs" -> "the files it copies changed";
            case "argv" -> "the command changed";
            case "mounts" -> "what its mounts show changed";
            default -> field + " changed from " + String.join(" ", before) + " to " + String.join(" ", now);
        };
    }

    // NAME=value entries: the names whose value differs, appeared or went.
    private static Set<String> changedNames(List<String> before, List<String> now) {
        Map<String, String> a = asMap(before);
        Map<String, String> b = asMap(now);
        Set<String> names = new LinkedHashSet<>();
        b.forEach((k, v) -> {
            if (!v.equals(a.get(k))) {
                names.add(k);
            }
        });
        a.keySet().stream().filter(k -> !b.containsKey(k)).forEach(names::add);
        return names;
    }

    private static Map<String, String> asMap(List<String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            out.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return out;
    }

    private Optional<Map<String, List<String>>> previous(String step) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file(step)), FIELDS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path file(String step) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(step.getBytes(StandardCharsets.UTF_8));
            return root.resolve(HexFormat.of().formatHex(hash) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
