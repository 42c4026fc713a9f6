package dev.jbuild.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code --progress=rawjson} build reported, read back from its JSON lines: the steps that
 * finished cached (their vertex's {@code cached} field, which {@code BuildEvent.Cached} sets), every
 * step's name, the steps' output lines and the warnings. Tests assert cache hits on this instead of counting words in text.
 * Lines that are not JSON (a process's stdout mixed in) are skipped.
 */
record RawJsonStatus(List<String> cached, List<String> names, List<String> logs, List<String> warnings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    RawJsonStatus {
        cached = List.copyOf(cached);
        names = List.copyOf(names);
        logs = List.copyOf(logs);
        warnings = List.copyOf(warnings);
    }

    static RawJsonStatus of(CommandRun run) {
        return parse(run.err());
    }

    static RawJsonStatus parse(String output) {
        Map<String, String> cachedByDigest = new LinkedHashMap<>();
        Map<String, String> namesByDigest = new LinkedHashMap<>();
        List<String> logs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode status = read(line);
            for (JsonNode vertex : status.path("vertexes")) {
                namesByDigest.put(vertex.path("digest").asText(), vertex.path("name").asText());
                if (vertex.path("cached").asBoolean()) {
                    cachedByDigest.put(vertex.path("digest").asText(), vertex.path("name").asText());
                }
            }
            for (JsonNode log : status.path("logs")) {
                decoded(log.path("data")).lines().forEach(logs::add);
            }
            for (JsonNode warning : status.path("warnings")) {
                warnings.add(decoded(warning.path("short")));
            }
        }
        return new RawJsonStatus(new ArrayList<>(cachedByDigest.values()), new ArrayList<>(namesByDigest.values()), logs,
                warnings);
    }

    /** Whether a cached step's name ends with this instruction, e.g. {@code COPY a.txt /a.txt}. */
    boolean cachedStep(String instruction) {
        return cached.stream().anyMatch(name -> name.endsWith(instruction));
    }

    private static String decoded(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a rawjson status line: " + line, e);
        }
    }
}
