package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs the distribution {@code mvn package} made, as a user would, and runs it through a link on PATH. */
class DistributionIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    static Path dir;

    private static Path onPath;
    private static String version;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void install() throws Exception {
        List<Path> archives;
        try (Stream<Path> files = Files.list(TARGET)) {
            archives = files.filter(f -> f.getFileName().toString().matches("jbuild-.+\\.tar\\.gz")).toList();
        }
        assertEquals(1, archives.size(), "one distribution in " + TARGET + ": " + archives);
        String name = archives.get(0).getFileName().toString();
        version = name.substring("jbuild-".length(), name.length() - ".tar.gz".length());
        Path prefix = Files.createDirectories(dir.resolve("opt"));
        assertEquals(0, run(List.of("tar", "-xzf", archives.get(0).toString(), "-C", prefix.toString()), Map.of()).status());
        onPath = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(onPath.resolve("jbuild"), prefix.resolve("jbuild-" + version + "/bin/jbuild"));
    }

    @Test
    void theLinkedLauncherPrintsThePomVersion() throws Exception {
        Result run = jbuild(Map.of(), "--version");
        assertEquals(0, run.status(), run.err());
        assertEquals("jbuild " + version + "\n", run.out());
    }

    @Test
    void aBuildRunsFromTheInstalledCopyAndLeavesAClassDataArchive() throws Exception {
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello /hello\n");
        Files.writeString(context.resolve("hello"), "hi\n");
        Path cache = dir.resolve("xdg-cache");
        Path files = dir.resolve("files");
        Result build = jbuild(Map.of("XDG_CACHE_HOME", cache.toString(), "JBUILD_CACHE", dir.resolve("data").toString()),
                "build", "-q", "-o", "type=local,dest=" + files, context.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.out().matches("sha256:[0-9a-f]{64}\n"), "only the image id on stdout: " + build.out());
        assertEquals("hi\n", Files.readString(files.resolve("hello")));
        Result tar = jbuild(Map.of("XDG_CACHE_HOME", cache.toString(), "JBUILD_CACHE", dir.resolve("data").toString()),
                "build", "-q", "-o", "-", context.toString());
        assertEquals(0, tar.status(), tar.err());
        assertTrue(tar.out().contains("ustar") && tar.out().contains("hello"), "a tar of the files on stdout");
        assertTrue(!tar.out().contains("sha256:"), "no image id after the tar");
        assertEquals("", tar.err(), "-q shows nothing on stderr either");
        // the archive is assembled in the background after the build
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (archives(cache.resolve("jbuild-jvm")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<String> archives = archives(cache.resolve("jbuild-jvm"));
        assertEquals(1, archives.size(), "one class-data archive: " + archives);
        assertTrue(archives.get(0).matches("[0-9]+-[0-9]+\\.(jsa|aot)"), archives.get(0));
        Result mapped = jbuild(Map.of("XDG_CACHE_HOME", cache.toString(), "JBUILD_JAVA_OPTS", "-Xlog:class+load"),
                "--version");
        assertEquals(0, mapped.status(), mapped.err());
        assertTrue(mapped.out().contains("dev.jbuild.cli.JbuildCommand source: shared objects file"), mapped.out());
        if (archives.get(0).endsWith(".jsa")) {
            // picocli's classes are in Java 5's class-file format, which a static archive holds and a dynamic one does not
            assertTrue(mapped.out().contains("picocli.CommandLine source: shared objects file"), mapped.out());
        }
    }

    @Test
    void saveWithoutAFileWritesTheArchiveToAPipeAsDockerSaveDoes() throws Exception {
        Path context = Files.createDirectories(dir.resolve("save-context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello /hello\n");
        Files.writeString(context.resolve("hello"), "hi\n");
        Map<String, String> env = Map.of("JBUILD_CACHE", dir.resolve("save-data").toString());
        assertEquals(0, jbuild(env, "build", "-q", "-t", "piped:1", context.toString()).status());

        Result oci = jbuild(env, "save", "piped:1");
        Result docker = jbuild(env, "save", "--format=docker", "-o", "-", "piped:1");

        assertEquals(0, oci.status(), oci.err());
        assertTrue(oci.out().contains("index.json") && oci.out().contains("docker.io/library/piped:1"),
                "an OCI layout tar naming the image on stdout");
        assertEquals(0, docker.status(), docker.err());
        assertTrue(docker.out().contains("manifest.json") && docker.out().contains("\"piped:1\""),
                "a docker archive with its RepoTags on stdout");
    }

    @Test
    void aJavaThatIsNotThereIsNamed() throws Exception {
        Result run = jbuild(Map.of("JBUILD_JAVA", "/nonexistent/java"), "--version");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("JBUILD_JAVA=/nonexistent/java is not a java program or a JDK directory"), run.err());
    }

    private static List<String> archives(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.contains(".tmp")).sorted().toList();
        }
    }

    private static Result jbuild(Map<String, String> environment, String... args) throws Exception {
        // through a shell: ProcessBuilder looks a program up on the test JVM's PATH, not the child's
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", "exec jbuild \"$@\"", "jbuild"));
        command.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("PATH", onPath + ":" + System.getenv("PATH"));
        return run(command, env);
    }

    private static Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not finish: " + command);
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
