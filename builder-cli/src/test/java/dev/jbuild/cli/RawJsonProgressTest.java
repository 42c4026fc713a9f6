package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.progress.BuildEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawJsonProgressTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final StringWriter text = new StringWriter();
    private final RawJsonProgress progress = new RawJsonProgress(new PrintWriter(text), clock);

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void stepsAreVertexesWithBuildkitsFieldsAndOutputIsBase64Logs() throws Exception {
        progress.on(new BuildEvent.Started(1, "[1/3] FROM docker.io/library/busybox:latest"));
        progress.on(new BuildEvent.Cached(1));
        progress.on(new BuildEvent.Started(2, "[2/3] RUN echo hi"));
        clock.advance(Duration.ofMillis(250));
        progress.on(new BuildEvent.Output(2, "hi"));
        clock.advance(Duration.ofMillis(250));
        progress.on(new BuildEvent.Done(2, Duration.ofMillis(500)));
        List<JsonNode> lines = lines();
        assertEquals(5, lines.size(), text.toString());

        JsonNode cached = lines.get(1).get("vertexes").get(0);
        assertEquals(RawJsonProgress.digest(1, "[1/3] FROM docker.io/library/busybox:latest"), cached.get("digest").asText());
        assertEquals("[1/3] FROM docker.io/library/busybox:latest", cached.get("name").asText());
        assertTrue(cached.get("cached").asBoolean());
        assertEquals("2024-05-01T10:00:00Z", cached.get("completed").asText());

        JsonNode started = lines.get(2).get("vertexes").get(0);
        assertEquals("2024-05-01T10:00:00Z", started.get("started").asText());
        assertFalse(started.has("completed"), started.toString());

        JsonNode log = lines.get(3).get("logs").get(0);
        assertEquals(started.get("digest").asText(), log.get("vertex").asText());
        assertEquals("hi\n", new String(Base64.getDecoder().decode(log.get("data").asText()), StandardCharsets.UTF_8));
        assertEquals(1, log.get("stream").asInt());
        assertEquals("2024-05-01T10:00:00.250Z", log.get("timestamp").asText());

        JsonNode done = lines.get(4).get("vertexes").get(0);
        assertEquals("2024-05-01T10:00:00Z", done.get("started").asText(), "each update carries the whole vertex");
        assertEquals("2024-05-01T10:00:00.500Z", done.get("completed").asText());
        assertFalse(done.has("error") || done.has("cached"), done.toString());
    }

    @Test
    void failedAndCanceledStepsCarryAnError() throws Exception {
        progress.on(new BuildEvent.Started(1, "[2/2] RUN exit 3"));
        progress.on(new BuildEvent.Failed(1, "exit code: 3"));
        progress.on(new BuildEvent.Started(2, "[other 2/2] RUN sleep 300"));
        progress.on(new BuildEvent.Canceled(2));
        List<JsonNode> lines = lines();
        assertEquals("exit code: 3", lines.get(1).at("/vertexes/0/error").asText());
        assertEquals("context canceled", lines.get(3).at("/vertexes/0/error").asText(), "BuildKit's readers know this one");
    }

    @Test
    void warningsCarryTheirStepAndABase64Message() throws Exception {
        progress.on(new BuildEvent.Started(1, "importing cache manifest from registry"));
        progress.on(new BuildEvent.Warning(1, "cache not found"));
        JsonNode warning = lines().get(1).at("/warnings/0");
        assertEquals(RawJsonProgress.digest(1, "importing cache manifest from registry"), warning.get("vertex").asText());
        assertEquals("cache not found", new String(Base64.getDecoder().decode(warning.get("short").asText()), StandardCharsets.UTF_8));
    }

    @Test
    void digestsAreStableAndDifferPerStep() {
        String digest = RawJsonProgress.digest(3, "[2/3] RUN make");
        assertEquals(digest, RawJsonProgress.digest(3, "[2/3] RUN make"));
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        assertFalse(digest.equals(RawJsonProgress.digest(4, "[2/3] RUN make")));
    }
}
