package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild history} prints an image's config history as {@code docker history} does. */
class HistoryCommandTest {

    private static final String CREATED = "2024-01-02T15:04:05Z";

    @TempDir
    Path dir;

    private CommandRun history(String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "history";
        args[1] = "--cache-dir=" + dir;
        System.arraycopy(flags, 0, args, 2, flags.length);
        args[args.length - 1] = "hello";
        return CommandRun.of(args);
    }

    @Test
    void newestFirstWithTheIdOnTopAndMissingBelow() {
        String threeYearsAgo = Instant.now().minus(1100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        StoredSample sample = StoredSample.write(dir, threeYearsAgo, "docker.io/library/hello:latest");
        CommandRun run = history();
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT",
                lines.get(0));
        assertEquals(sample.shortId() + "   3 years ago   RUN /bin/sh -c mkdir -p /srv/data && echo \"$…   18B       "
                + "buildkit.dockerfile.v0", lines.get(1), "a tab becomes a space, then 44 characters and an ellipsis");
        assertEquals("<missing>      3 years ago   ENV GREETING=hello                              0B        buildkit.dockerfile.v0",
                lines.get(2));
        assertEquals("<missing>      N/A           jbuild import rootfs.tar                        2kB       ", lines.get(3));
        assertEquals(4, lines.size());
    }

    @Test
    void quietAndNoTruncPrintIdsAndWholeCommands() {
        StoredSample sample = StoredSample.write(dir, CREATED, "docker.io/library/hello:latest");
        assertEquals(sample.shortId() + "\n<missing>\n<missing>\n", history("-q").out());
        String whole = history("--no-trunc", "--format", "{{.ID}} {{.CreatedBy}}").out();
        assertEquals(sample.config().digest() + " " + StoredSample.LONG_RUN.replace('\t', ' '), whole.lines().findFirst().orElseThrow());
    }

    @Test
    void jsonAndHumanFalseGiveExactValues() throws Exception {
        StoredSample.write(dir, CREATED, "docker.io/library/hello:latest");
        JsonNode top = new ObjectMapper().readTree(history("--format", "{{json .}}").out().lines().findFirst().orElseThrow());
        assertEquals(CREATED, top.get("CreatedAt").asText());
        assertEquals("18B", top.get("Size").asText());
        assertEquals("buildkit.dockerfile.v0", top.get("Comment").asText());
        assertEquals("2024-01-02T15:04:05Z 18\n", history("--human=false", "--format", "{{.CreatedSince}} {{.Size}}")
                .out().lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void unknownImageIsBadUsage() {
        CommandRun run = history();
        assertEquals(2, run.status());
        assertTrue(run.err().contains("no image docker.io/library/hello:latest"), run.err());
    }
}
