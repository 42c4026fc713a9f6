package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jbuild run by an ordinary user (jbtest, with a subordinate id range; .ci/run creates it) builds
 * an image whose RUN step creates files owned by root, app (1000) and nobody, and whose COPY
 * gives a file to 1000: the layers record those owners although no step ran as root on the host.
 */
class RootlessBuildIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String USER = "jbtest";

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    private static List<String> asUser(String... command) {
        List<String> out = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        out.addAll(List.of(command));
        return out;
    }

    /**
     * With overlay snapshots a later RUN also sees the owners an earlier one gave (the lower
     * directory is the earlier step's upper, owned by the subordinate ids), which a native
     * copy made by an unprivileged user cannot keep.
     */
    @ParameterizedTest
    @ValueSource(strings = {"native", "overlay"})
    void unprivilegedUserBuildsFilesOwnedBySeveralUsers(String snapshotter) throws Exception {
        assertEquals(0, new ProcessBuilder("id", USER).start().waitFor(),
                "user " + USER + " is missing: .ci/run creates it (useradd, with a range in /etc/subuid)");
        // a world-readable copy of the command line, since the checkout may sit under /root
        Path work = Files.createTempDirectory("jbuild-rootless");
        Path jar = REPO.resolve("builder-cli/target/jbuild.jar");
        run(List.of("cp", "-r", jar.toString(), jar.resolveSibling("lib").toString(), work.toString()));
        Path context = Files.createDirectories(work.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                "FROM busybox",
                "RUN mkdir /owned && echo r > /owned/root-file && echo a > /owned/app-file"
                        + " && chown 1000:1000 /owned/app-file && echo n > /owned/nobody-file"
                        + " && chown 65534:65534 /owned/nobody-file",
                snapshotter.equals("overlay") ? "RUN test \"$(stat -c %u:%g /owned/app-file)\" = 1000:1000" : "",
                "COPY --chown=1000:1000 Dockerfile /owned/copied", ""));
        String store = "--cache-dir=" + work.resolve("store");
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest", store));
        run(List.of("chown", "-R", USER, work.toString()));
        run(List.of("chmod", "755", work.toString()));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cli = work.resolve("jbuild.jar").toString();
        String build = run(asUser(java, "-jar", cli, "build", store, "--snapshotter=" + snapshotter, "-t", "owned",
                context.toString()));
        assertTrue(build.contains("naming to docker.io/library/owned:latest done"), build);
        Path saved = work.resolve("owned.tar");
        run(asUser(java, "-jar", cli, "save", store, "-o", saved.toString(), "owned"));

        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        run(List.of("tar", "-xf", saved.toString(), "-C", unpacked.toString()));
        StringBuilder listing = new StringBuilder();
        try (Stream<Path> blobs = Files.list(unpacked.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Process p = new ProcessBuilder("tar", "--numeric-owner", "-tvzf", blob.toString()).start();
                listing.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                p.waitFor(60, TimeUnit.SECONDS);
            }
        }
        String layers = listing.toString();
        assertTrue(layers.matches("(?s).*0/0 .* owned/root-file\n.*"), layers);
        assertTrue(layers.matches("(?s).*1000/1000 .* owned/app-file\n.*"), layers);
        assertTrue(layers.matches("(?s).*65534/65534 .* owned/nobody-file\n.*"), layers);
        assertTrue(layers.matches("(?s).*1000/1000 .* owned/copied\n.*"), layers);
        run(List.of("rm", "-rf", work.toString()));
    }
}
