package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jbuild save --format=docker} writes is loaded and run by a real Docker engine
 * ({@code .ci/run} starts Debian's dockerd without networking), and what the engine saves,
 * {@code jbuild load} reads. Uses the busybox base-image
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

    private static void requireDocker() throws IOException, InterruptedException {
        Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true).start();
        info.getInputStream().readAllBytes();
        assertTrue(info.waitFor(60, TimeUnit.SECONDS) && info.exitValue() == 0,
                "no Docker engine answers 'docker info': install docker.io and start dockerd (.ci/run does)");
    }

    @Test
    void dockerLoadsAndRunsTheDockerArchive() throws Exception {
        requireDocker();
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

    /**
     * The other way: what the engine's {@code docker save} writes, {@code jbuild load} reads, with
     * the id {@code docker images} shows and the history {@code docker history} shows.
     */
    @Test
    void jbuildLoadsWhatDockerSaves() throws Exception {
        requireDocker();
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("motd"), "loaded from docker\n");
        Path rootfs = dir.resolve("rootfs.tar");
        run(List.of("tar", "-C", dir.resolve("tree").toString(), "-cf", rootfs.toString(), "."));
        String name = "jbuild-it/load:from-docker";
        String source = "--cache-dir=" + dir.resolve("source");
        assertEquals(0, CommandRun.of("import", source, rootfs.toString(), name).status());
        Path forDocker = dir.resolve("for-docker.tar");
        assertEquals(0, CommandRun.of("save", source, "--format=docker", "-o", forDocker.toString(), name).status());
        Path fromDocker = dir.resolve("from-docker.tar");
        try {
            run(List.of("docker", "load", "-i", forDocker.toString()));
            run(List.of("docker", "save", "-o", fromDocker.toString(), name));
            String dockerId = run(List.of("docker", "images", "--no-trunc", "-q", name)).strip();

            String target = "--cache-dir=" + dir.resolve("target");
            CommandRun load = CommandRun.of("load", target, "-i", fromDocker.toString());

            assertEquals(0, load.status(), load.err());
            assertEquals("Loaded image: " + name + "\n", load.out());
            assertEquals(dockerId + "\n", CommandRun.of("images", target, "-q", "--no-trunc").out());
            String dockerCreatedBy = run(List.of("docker", "history", "--format", "{{.CreatedBy}}", name));
            assertEquals(dockerCreatedBy, CommandRun.of("history", target, "--format", "{{.CreatedBy}}", name).out());
        } finally {
            new ProcessBuilder("docker", "rmi", "-f", name).start().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
