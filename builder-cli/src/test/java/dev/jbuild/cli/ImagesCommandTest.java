package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild images} prints what {@code docker images} prints, in its formats. */
class ImagesCommandTest {

    @TempDir
    Path dir;

    private StoredSample sample() {
        String twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        return StoredSample.write(dir, twoHoursAgo, "docker.io/library/hello:latest", "127.0.0.1:5000/team/hello:two");
    }

    private CommandRun images(String... flags) {
        String[] args = new String[flags.length + 2];
        args[0] = "images";
        args[1] = "--cache-dir=" + dir;
        System.arraycopy(flags, 0, args, 2, flags.length);
        return CommandRun.of(args);
    }

    @Test
    void defaultTableHasDockersColumnsAndShortNames() {
        StoredSample sample = sample();
        CommandRun run = images();
        assertEquals(0, run.status(), run.err());
        String id = sample.shortId();
        assertEquals("REPOSITORY                  TAG       IMAGE ID       CREATED       SIZE\n"
                + "hello                       latest    " + id + "   2 hours ago   2.02kB\n"
                + "127.0.0.1:5000/team/hello   two       " + id + "   2 hours ago   2.02kB\n", run.out());
    }

    @Test
    void quietPrintsOneShortIdPerNameAsDockerDoes() {
        StoredSample sample = sample();
        assertEquals(sample.shortId() + "\n" + sample.shortId() + "\n", images("-q").out());
        assertEquals(sample.config().digest() + "\n" + sample.config().digest() + "\n", images("-q", "--no-trunc").out());
    }

    @Test
    void digestsAddTheManifestDigestColumn() {
        StoredSample sample = sample();
        String out = images("--digests").out();
        assertTrue(out.startsWith("REPOSITORY                  TAG       DIGEST      "), out);
        assertTrue(out.contains("latest    " + sample.manifest().digest() + "   " + sample.shortId()), out);
    }

    @Test
    void formatRendersFieldsLiteralTextAndTables() {
        StoredSample sample = sample();
        assertEquals("hello:latest " + sample.shortId() + "\n127.0.0.1:5000/team/hello:two " + sample.shortId() + "\n",
                images("--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out());
        assertEquals("TAG       SIZE\nlatest    2.02kB\ntwo       2.02kB\n", images("--format", "table {{.Tag}}\\t{{.Size}}").out());
    }

    @Test
    void jsonFormatHasDockersKeysInOrder() throws Exception {
        StoredSample sample = sample();
        String first = images("--format", "{{json .}}").out().lines().findFirst().orElseThrow();
        JsonNode row = new ObjectMapper().readTree(first);
        assertEquals("hello", row.get("Repository").asText());
        assertEquals(sample.shortId(), row.get("ID").asText());
        assertEquals("2 hours ago", row.get("CreatedSince").asText());
        assertTrue(row.get("CreatedAt").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000 UTC"), first);
        assertTrue(first.startsWith("{\"CreatedAt\":"), "Go sorts a map's keys: " + first);
    }

    @Test
    void unsupportedTemplateIsAUsageErrorNamingTheFlagAndTheFields() {
        sample();
        CommandRun run = images("--format", "{{.Foo}}");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--format: unsupported template action {{.Foo}}: use {{json .}} or one of"
                + " [{{.Repository}}, {{.Tag}}, {{.Digest}}, {{.ID}}"), run.err());
    }
}
