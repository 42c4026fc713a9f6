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
 * finished cached (their vertex's {@code cached} field, which {@code BuildEvent.Cached} sets) and
 * the steps' output lines. Tests assert cache hits on this instead of counting words in text.
 * Lines that are not JSON (a process's stdout mixed in) are skipped.
 */
record RawJsonStatus(List<String> cached, List<String> logs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    RawJsonStatus {
        cached = List.copyOf(cached);
        logs = List.copyOf(logs);
    }

    static RawJsonStatus of(CommandRun run) {
        return parse(run.err());
    }

    static RawJsonStatus parse(String output) {
        Map<String, String> cachedByDigest = new LinkedHashMap<>();
        List<String> logs = new ArrayList<>();
        for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode status = read(line);
            for (JsonNode vertex : status.path("vertexes")) {
                if (vertex.path("cached").asBoolean()) {
                    cachedByDigest.put(vertex.path("digest").asText(), vertex.path("name").asText());
                }
            }
            for (JsonNode log : status.path("logs")) {
                String data = new String(Base64.getDecoder().decode(log.path("data").asText()), StandardCharsets.UTF_8);
                data.lines().forEach(logs::add);
            }
        }
        return new RawJsonStatus(new ArrayList<>(cachedByDigest.values()), logs);
    }

    /** Whether a cached step's name ends with this instruction, e.g. {@code COPY a.txt /a.txt}. */
    boolean cachedStep(String instruction) {
        return cached.stream().anyMatch(name -> name.endsWith(instruction));
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a rawjson status line: " + line, e);
        }
    }
}
