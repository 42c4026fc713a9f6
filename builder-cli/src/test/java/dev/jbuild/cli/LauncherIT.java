package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ./jbuild} launcher from the repository root, as a user would. */
class LauncherIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final Path CONFORMANCE =
            Path.of(System.getProperty("jbuild.conformance", "../../shared/conformance")).resolve("buildkit");

    record Result(int status, String out, String err) {
    }

    static Result jbuild(String... args) throws IOException, InterruptedException {
        return jbuild(Map.of(), args);
    }

    /** The launcher run with exactly {@code environment} (plus PATH and HOME) when it is not empty. */
    static Result jbuild(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("jbuild").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        if (!environment.isEmpty()) {
            Map<String, String> env = builder.environment();
            String path = env.get("PATH");
            String home = env.get("HOME");
            env.clear();
            env.put("PATH", path);
            env.put("HOME", home);
            env.putAll(environment);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "jbuild did not finish");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> parseCommandPrintsBuildkitResultForEveryCase() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(CONFORMANCE.resolve("parser/testfiles"))) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(33, cases.size());
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Result run = jbuild("parse", "--format=buildkit", dir.resolve("Dockerfile").toString());
            assertEquals(0, run.status(), run.err());
            assertEquals(Files.readString(dir.resolve("result"), StandardCharsets.UTF_8), run.out());
        }));
    }

    /**
     * With a Java 17-24 and a Java 25+ to choose from, the launcher takes the former: without AOT
     * class linking, 25 starts a full build later than 17 with AppCDS. Two stand-in runtimes (a
     * release file and a java that says which it is), one as JAVA_HOME, one on PATH.
     */
    @Test
    void aJava17To24IsPreferredToAJava25(@TempDir Path dir) throws Exception {
        Path older = standInJava(dir.resolve("jdk-24"), "24");
        Path newer = standInJava(dir.resolve("jdk-25"), "25");

        Result run = jbuild(Map.of("JAVA_HOME", older.toString(),
                "PATH", newer.resolve("bin") + ":" + System.getenv("PATH")), "--version");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("stand-in 24 "), "the Java 24 ran: " + run.out());
    }

    private static Path standInJava(Path home, String major) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + ".0.1\"\n");
        Path program = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\necho \"stand-in " + major + " $*\"\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void badDockerfileExitsOneAndBadUsageExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, "FROM a\nRUN <<EOF\nnever closed\n");
        Result bad = jbuild("parse", file.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("Dockerfile:2"), bad.err());
        Result usage = jbuild("parse", "--no-such-flag");
        assertEquals(2, usage.status());
        assertTrue(usage.err().contains("--no-such-flag"), usage.err());
    }

    /** As under cron or `su -`: no LANG at all, and a context file whose name is not ASCII. */
    @Test
    void buildWithoutAUtf8LocaleCopiesNonAsciiFileNames(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"),
                "FROM busybox\nCOPY . /x/\nRUN test -f \"/x/$(printf 'caf\\303\\251.txt')\" && echo copied-\"\"ok\n");
        // named by the shell, so this JVM's own locale does not matter
        Process name = new ProcessBuilder("sh", "-c", "echo hi > \"$(printf 'caf\\303\\251.txt')\"")
                .directory(context.toFile()).start();
        assertEquals(0, name.waitFor());
        Process base = new ProcessBuilder(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest",
                "--cache-dir=" + store).redirectErrorStream(true).start();
        base.getInputStream().readAllBytes();
        assertEquals(0, base.waitFor());

        Result build = jbuild(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), "build", "--progress=plain",
                "--cache-dir=" + store, context.toString());

        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("copied-ok"), build.err());
    }

    @Test
    void launcherLeavesC2OnlyTheHottestCodeUnlessJavaOptionsSayOtherwise() throws Exception {
        Result plain = jbuild(Map.of("JBUILD_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
        assertEquals(0, plain.status(), plain.err());
        assertTrue(plain.out().matches("(?s).*\\bTier4InvocationThreshold\\s+= 50000\\b.*"), plain.out());
        assertTrue(plain.out().matches("(?s).*\\bTieredStopAtLevel\\s+= 4\\b.*"), plain.out());

        Result usual = jbuild(Map.of("JBUILD_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:Tier4InvocationThreshold=5000"),
                "--version");
        assertEquals(0, usual.status(), usual.err());
        assertTrue(usual.out().matches("(?s).*\\bTier4InvocationThreshold\\s+= 5000\\b.*"), usual.out());
    }

    /** Peak RSS: the serial collector with a small fixed young generation, unless the options name a collector. */
    @Test
    void launcherRunsTheSerialCollectorUnlessJavaOptionsChooseOne() throws Exception {
        Result plain = jbuild(Map.of("JBUILD_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
        assertEquals(0, plain.status(), plain.err());
        assertTrue(plain.out().matches("(?s).*\\bUseSerialGC\\s+= true\\b.*"), plain.out());
        assertTrue(plain.out().matches("(?s).*\\bMaxNewSize\\s+= 33554432\\b.*"), plain.out());

        Result g1 = jbuild(Map.of("JBUILD_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:+UseG1GC"), "--version");
        assertEquals(0, g1.status(), g1.err());
        assertTrue(g1.out().matches("(?s).*\\bUseG1GC\\s+= true\\b.*"), g1.out());
        assertTrue(g1.out().matches("(?s).*\\bUseSerialGC\\s+= false\\b.*"), g1.out());
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result help = jbuild("--help");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("parse") && help.out().contains("check"), help.out());
    }
}
