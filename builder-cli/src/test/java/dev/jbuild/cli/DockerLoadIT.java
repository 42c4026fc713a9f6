package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jbuild save --format=docker} writes is loaded and run by a real Docker engine
 * ({@code .ci/run} starts Debian's dockerd without networking). Uses the busybox base-image
 * recipe from testdata, through the real launcher.
 */
class DockerLoadIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    @Test
    void dockerLoadsAndRunsTheDockerArchive() throws Exception {
        Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true).start();
        info.getInputStream().readAllBytes();
        assertTrue(info.waitFor(60, TimeUnit.SECONDS) && info.exitValue() == 0,
                "no Docker engine answers 'docker info': install docker.io and start dockerd (.ci/run does)");
        String store = "--cache-dir=" + dir.resolve("store");
        String name = "jbuild-it/busybox:docker-load";
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), name, store));
        Path archive = dir.resolve("image.tar");
        run(List.of(REPO.resolve("jbuild").toString(), "save", store, "--format=docker", "-o", archive.toString(), name));
        try {
            String loaded = run(List.of("docker", "load", "-i", archive.toString()));
            assertTrue(loaded.contains("Loaded image: " + name), loaded);
            String ran = run(List.of("docker", "run", "--rm", "--network=none", name, "sh", "-c",
                    "id -u app; stat -c %u /home/app; echo ok"));
            assertEquals("1000\n1000\nok\n", ran);
        } finally {
            new ProcessBuilder("docker", "rmi", "-f", name).start().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
