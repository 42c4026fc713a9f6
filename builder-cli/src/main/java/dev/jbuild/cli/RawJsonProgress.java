package dev.jbuild.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.progress.BuildEvent;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --progress=rawjson}: one JSON object per line, shaped as BuildKit's solve status so
 * that tools reading {@code buildx --progress=rawjson} read it too. A step change is
 * {@code {"vertexes":[{"digest","name","started","completed","cached","error"}]}} with the
 * step's whole state so far; a line of output is {@code {"logs":[{"vertex","stream","data",
 * "timestamp"}]}} with the line base64-encoded, a warning {@code {"warnings":[{"vertex","level",
 * "short"}]}} with the message base64-encoded. jbuild has no LLB digests for steps, so a
 * step's digest is the sha256 of its number and name: stable from one build to the next.
 */
final class RawJsonProgress implements ProgressDisplay {

    /** The error BuildKit gives a vertex that was canceled, which its readers recognise. */
    static final String CANCELED = "context canceled";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDOUT = 1;
    private static final int WARNING_LEVEL = 1;

    private final PrintWriter out;
    private final Clock clock;
    private final Map<Integer, ObjectNode> vertexes = new HashMap<>();

    RawJsonProgress(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public synchronized void on(BuildEvent event) {
        String now = clock.instant().toString();
        ObjectNode vertex = vertexes.computeIfAbsent(event.vertex(), n -> JSON.createObjectNode());
        ObjectNode status = JSON.createObjectNode();
        if (event instanceof BuildEvent.Started s) {
            vertex.put("digest", digest(s.vertex(), s.name())).put("name", s.name()).put("started", now);
        } else if (event instanceof BuildEvent.Output o) {
            status.putArray("logs").addObject().put("vertex", vertex.path("digest").asText()).put("stream", STDOUT)
                    .put("data", Base64.getEncoder().encodeToString((o.line() + "\n").getBytes(StandardCharsets.UTF_8)))
                    .put("timestamp", now);
            print(status);
            return;
        } else if (event instanceof BuildEvent.Cached) {
            vertex.put("completed", now).put("cached", true);
        } else if (event instanceof BuildEvent.Done) {
            vertex.put("completed", now);
        } else if (event instanceof BuildEvent.Failed f) {
            vertex.put("completed", now).put("error", f.message());
        } else if (event instanceof BuildEvent.Canceled) {
            vertex.put("completed", now).put("error", CANCELED);
        } else if (event instanceof BuildEvent.Warning w) {
            status.putArray("warnings").addObject().put("vertex", vertex.path("digest").asText()).put("level", WARNING_LEVEL)
                    .put("short", Base64.getEncoder().encodeToString(w.message().getBytes(StandardCharsets.UTF_8)));
            print(status);
            return;
        }
        status.putArray("vertexes").add(vertex.deepCopy());
        print(status);
    }

    @Override
    public void close() {
        out.flush();
    }

    /** The synthetic digest of step {@code vertex} named {@code name}. */
    static String digest(int vertex, String name) {
        return Digest.sha256((vertex + " " + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void print(ObjectNode status) {
        out.println(status.toString());
        out.flush();
    }
}
