package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import, images, tag, inspect, save and rmi against a store in a temporary directory. */
class ImageCommandsTest {

    @TempDir
    Path dir;

    private String store() {
        return "--cache-dir=" + dir.resolve("store");
    }

    private Path tarball() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("motd"), "welcome\n");
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("tree").toString(), "-cf", tar.toString(), ".")
                .inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return tar;
    }

    @Test
    void importedImageIsListedTaggedInspectedSavedAndRemoved() throws Exception {
        CommandRun imported = CommandRun.of("import", store(), tarball().toString(), "base");
        assertEquals(0, imported.status(), imported.err());
        assertTrue(imported.out().startsWith("docker.io/library/base:latest sha256:"), imported.out());

        assertEquals(0, CommandRun.of("tag", store(), "base", "127.0.0.1:5000/team/base:1").status());
        CommandRun images = CommandRun.of("images", store(), "--format={{.Repository}}:{{.Tag}}");
        assertTrue(images.out().contains("base:latest\n"), images.out());
        assertTrue(images.out().contains("127.0.0.1:5000/team/base:1\n"), images.out());

        CommandRun inspect = CommandRun.of("inspect", store(), "127.0.0.1:5000/team/base:1");
        assertEquals(0, inspect.status(), inspect.err());
        JsonNode json = new ObjectMapper().readTree(inspect.out());
        assertEquals("linux", json.at("/config/os").asText());
        assertEquals(1, json.at("/config/rootfs/diff_ids").size());

        Path saved = dir.resolve("base.tar");
        CommandRun save = CommandRun.of("save", store(), "-o", saved.toString(), "--format=docker", "base");
        assertEquals(0, save.status(), save.err());
        assertTrue(Files.size(saved) > 1024);

        assertEquals(0, CommandRun.of("rmi", store(), "base").status());
        CommandRun gone = CommandRun.of("inspect", store(), "base");
        assertEquals(2, gone.status());
        assertTrue(gone.err().contains("no image docker.io/library/base:latest"), gone.err());
    }

    @Test
    void sourceDateEpochMakesImportReproducible() throws Exception {
        Path tar = tarball();
        String first = CommandRun.of("import", "--cache-dir=" + dir.resolve("a"), tar.toString(), "x").out();
        String second = CommandRun.of("import", "--cache-dir=" + dir.resolve("b"), tar.toString(), "x").out();
        // without SOURCE_DATE_EPOCH the creation time differs; the layer is still the same
        CommandRun inspectA = CommandRun.of("inspect", "--cache-dir=" + dir.resolve("a"), "x");
        CommandRun inspectB = CommandRun.of("inspect", "--cache-dir=" + dir.resolve("b"), "x");
        JsonNode a = new ObjectMapper().readTree(inspectA.out());
        JsonNode b = new ObjectMapper().readTree(inspectB.out());
        assertEquals(a.at("/manifest/layers/0/digest"), b.at("/manifest/layers/0/digest"));
        assertTrue(first.startsWith("docker.io/library/x:latest"), first + second);
    }

    @Test
    void badReferenceIsBadUsage() {
        CommandRun run = CommandRun.of("inspect", store(), "Base");
        assertEquals(2, run.status());
        assertTrue(run.err().toLowerCase().contains("lowercase"), run.err());
    }

    @Test
    void duShowsWhatTheStoreTakesByKind() throws Exception {
        assertEquals(0, CommandRun.of("import", store(), tarball().toString(), "base").status());
        CommandRun du = CommandRun.of("du", store());
        assertEquals(0, du.status(), du.err());
        assertTrue(du.out().matches("(?s).*images \\(their blobs\\)\\s+[0-9.]+[kM]?B\\s*\n.*"), du.out());
        assertTrue(du.out().matches("(?s).*build cache total \\(prune --all frees\\)\\s+0B\\s*\n.*"), du.out());
        assertTrue(du.out().contains("total in "), du.out());
    }
}
