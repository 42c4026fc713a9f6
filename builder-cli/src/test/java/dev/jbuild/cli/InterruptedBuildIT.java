package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a RUN step, through the real {@code ./jbuild} launcher: the build stops, its
 * sandboxed processes are gone, its snapshot work is removed, and the data directory serves
 * the next build.
 */
class InterruptedBuildIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void sigintStopsTheBuildKillsItsStepsAndLeavesAUsableCache() throws Exception {
        String store = "--cache-dir=" + dir.resolve("store");
        Process base = new ProcessBuilder(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest", store)
                .redirectErrorStream(true).start();
        String baseOut = new String(base.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(base.waitFor(300, TimeUnit.SECONDS) && base.exitValue() == 0, baseOut);

        // A sleep no other process on the machine has: its argument is the marker looked for in /proc.
        String seconds = "300." + (100000 + new Random().nextInt(900000));
        Path ctx = Files.createDirectories(dir.resolve("slow"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN echo started; sleep " + seconds + "\n");
        Path log = dir.resolve("build.log");
        // env resets SIGINT to its default, in case the test runs where it is ignored (a background job).
        Process build = new ProcessBuilder("env", "--default-signal=INT,TERM", REPO.resolve("jbuild").toString(), "build",
                store, "--progress=plain", ctx.toString())
                .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (sleepers(seconds).isEmpty()) {
                assertTrue(build.isAlive(), "the build ended before its RUN step started:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the RUN step never started:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            ProcessHandle java = javaProcess(build);
            long sent = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(java.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());

            assertTrue(build.waitFor(30, TimeUnit.SECONDS), "jbuild did not stop within 30 s of SIGINT:\n" + Files.readString(log));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            String output = Files.readString(log);
            System.out.println("jbuild stopped " + millis + " ms after SIGINT");
            assertEquals(130, build.exitValue(), output);
            assertTrue(output.contains("ERROR: interrupted: the build was canceled"), output);
            assertTrue(output.contains("#2 CANCELED"), output);
        } finally {
            build.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sleepers(seconds).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), sleepers(seconds), "processes of the interrupted step still run");
        Path sessions = dir.resolve("store/snapshots/sessions");
        assertEquals(List.of(), entries(sessions), "snapshot work left in " + sessions);

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("Dockerfile"), "FROM busybox\nRUN echo after > /after\n");
        Process next = new ProcessBuilder(REPO.resolve("jbuild").toString(), "build", store, "--progress=plain", "-t", "after",
                other.toString()).directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(next.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, next.exitValue(), Files.readString(log));
    }

    /** Processes whose command line is {@code sleep SECONDS}, from any pid namespace. */
    private static List<Long> sleepers(String seconds) throws IOException {
        byte[] wanted = ("sleep\0" + seconds + "\0").getBytes(StandardCharsets.US_ASCII);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                byte[] cmdline;
                try {
                    cmdline = Files.readAllBytes(proc.resolve("cmdline"));
                } catch (IOException gone) {
                    continue;
                }
                if (java.util.Arrays.equals(cmdline, wanted)) {
                    found.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
        }
        return found;
    }

    // The launcher execs java or runs it as a child (when it writes the class-data archive).
    private static ProcessHandle javaProcess(Process launcher) {
        return Stream.concat(Stream.of(launcher.toHandle()), launcher.toHandle().descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no java process under the launcher " + launcher.pid()));
    }

    private static List<String> entries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
