package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four jbuild processes build four different Dockerfiles at once against one data directory
 * (store, blobs, snapshots, cache): all succeed, all four images are tagged, and a second round
 * at once finds every step in the cache.
 */
class ConcurrentBuildsIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private List<String> buildAllAtOnce(String store) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = REPO.resolve("builder-cli/target/jbuild.jar").toString();
        List<Process> builds = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            builds.add(new ProcessBuilder(java, "-jar", jar, "build", store, "--progress=rawjson", "-t", "c" + i, dir.resolve("c" + i).toString())
                    .redirectErrorStream(true).start());
        }
        List<String> outputs = new ArrayList<>();
        for (Process p : builds) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            outputs.add(out);
        }
        return outputs;
    }

    @Test
    void fourBuildsShareOneDataDirectory() throws Exception {
        for (int i = 1; i <= 4; i++) {
            Path ctx = Files.createDirectories(dir.resolve("c" + i));
            Files.writeString(ctx.resolve("Dockerfile"),
                    "FROM busybox\nRUN echo " + i + " > /n && sleep 0.3\nCOPY Dockerfile /df\nRUN cat /n > /m\n");
        }
        String store = "--cache-dir=" + dir.resolve("store");
        Process base = new ProcessBuilder(REPO.resolve("testdata/base-images/busybox/build").toString(),
                "busybox:latest", store).redirectErrorStream(true).start();
        String baseOut = new String(base.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(base.waitFor(300, TimeUnit.SECONDS) && base.exitValue() == 0, baseOut);

        buildAllAtOnce(store);
        CommandRun images = CommandRun.of("images", store, "--format={{.Repository}}:{{.Tag}}");
        for (int i = 1; i <= 4; i++) {
            assertTrue(images.out().contains("c" + i + ":latest\n"), images.out());
        }
        for (String again : buildAllAtOnce(store)) {
            assertEquals(3, RawJsonStatus.parse(again).cached().size(), again);
        }
    }
}
