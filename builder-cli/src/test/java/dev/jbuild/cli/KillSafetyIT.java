package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds SIGKILLed at random moments leave a data directory the next build uses without error,
 * and with SOURCE_DATE_EPOCH the cached result and a --no-cache rebuild have the same digest.
 */
class KillSafetyIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String EPOCH = "--build-arg=SOURCE_DATE_EPOCH=1700000000";

    @TempDir
    Path dir;

    private Process start(String store, Path ctx, String... extra) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-jar",
                REPO.resolve("builder-cli/target/jbuild.jar").toString(), "build", store, EPOCH, "-t", "k"));
        command.addAll(List.of(extra));
        command.add(ctx.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
    }

    private String digest(String store) throws Exception {
        CommandRun inspect = CommandRun.of("inspect", store, "k");
        assertEquals(0, inspect.status(), inspect.err());
        return new ObjectMapper().readTree(inspect.out()).get("digest").asText();
    }

    @Test
    void killedBuildsLeaveAUsableCacheAndTheSameDigest() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), String.join("\n", "FROM busybox",
                "RUN for i in $(seq 1 200); do echo $i > /f$i; done", "COPY Dockerfile /df",
                "RUN dd if=/dev/zero of=/big bs=1024 count=2048 2>/dev/null", "WORKDIR /w", "RUN echo done > /w/done", ""));
        String store = "--cache-dir=" + dir.resolve("store");
        Process base = new ProcessBuilder(REPO.resolve("testdata/base-images/busybox/build").toString(),
                "busybox:latest", store).redirectErrorStream(true).start();
        String baseOut = new String(base.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(base.waitFor(300, TimeUnit.SECONDS) && base.exitValue() == 0, baseOut);

        Random random = new Random(42);
        for (int round = 0; round < 6; round++) {
            Process build = start(store, ctx, "--no-cache");
            Thread.sleep(200 + random.nextInt(1500));
            build.destroyForcibly();
            assertTrue(build.waitFor(60, TimeUnit.SECONDS));
        }
        Process normal = start(store, ctx);
        assertTrue(normal.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, normal.exitValue(), Files.readString(dir.resolve("log.txt")));
        String cached = digest(store);

        Process fresh = start(store, ctx, "--no-cache");
        assertTrue(fresh.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, fresh.exitValue(), Files.readString(dir.resolve("log.txt")));
        assertEquals(cached, digest(store), "a --no-cache rebuild with SOURCE_DATE_EPOCH gives the cached image's digest");
    }
}
