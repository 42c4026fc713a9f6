package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build memo seen from outside: jbuild run as a user runs it ({@code java -jar}), in a real
 * store with a real busybox base. A repeated unchanged build is answered by the memo, prints what
 * the full cached build printed, and every change to what the build read, or a flag the memo
 * cannot repeat, sends it down the full path. {@code JBUILD_MEMO=explain} makes jbuild say which.
 */
class BuildMemoIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String ANSWERED = "jbuild: build memo: answered from the build memo";

    @TempDir
    static Path shared;

    private static Path store;

    @TempDir
    Path dir;

    @BeforeAll
    static void baseImage() throws Exception {
        store = shared.resolve("store");
        Process base = new ProcessBuilder(REPO.resolve("testdata/base-images/busybox/build").toString(), "busybox:latest",
                "--cache-dir", store.toString()).redirectErrorStream(true).start();
        String out = new String(base.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(base.waitFor(300, TimeUnit.SECONDS) && base.exitValue() == 0, out);
    }

    private record Run(int status, String out, String err) {

        boolean answered() {
            return err.contains(ANSWERED);
        }

        /** What the build printed, without the memo's own explanation. */
        String shown() {
            return err.lines().filter(l -> !l.startsWith("jbuild: build memo: ")).collect(Collectors.joining("\n"));
        }
    }

    private Run jbuild(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", REPO.resolve("builder-cli/target/jbuild.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("BUILDKIT_PROGRESS");
        builder.environment().put("JBUILD_MEMO", "explain");
        builder.environment().put("JBUILD_CACHE", store.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        Run run = new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        assertEquals(0, run.status(), run.err());
        return run;
    }

    private Run build(String... flags) throws Exception {
        return build(Map.of(), flags);
    }

    private Run build(Map<String, String> env, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("build", "--progress=plain", "-t", "memo-" + dir.getFileName()));
        args.addAll(List.of(flags));
        args.add("ctx");
        return jbuild(env, args.toArray(String[]::new));
    }

    private Path context(String from) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + from + "\nARG NOTE\nCOPY hello.txt /\n"
                + "RUN cat /hello.txt > /copy\n");
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        Files.writeString(context.resolve("notes.txt"), "notes\n");
        return context;
    }

    /** Builds until the memo answers: a first build may run steps, the next finds them cached and writes the memo. */
    private Run armed(Map<String, String> env, String... flags) throws Exception {
        Run full = build(env, flags);
        Run memo = build(env, flags);
        if (!memo.answered()) {
            full = memo;
            memo = build(env, flags);
        }
        assertFalse(full.answered(), full.err());
        assertTrue(memo.answered(), memo.err());
        assertEquals(full.shown(), memo.shown());
        return memo;
    }

    private void assertFullPath(Run run, String why) {
        assertFalse(run.answered(), run.err());
        assertTrue(run.err().contains("jbuild: build memo: " + why), run.err());
        assertTrue(run.err().contains("writing image sha256:"), run.err());
    }

    @Test
    void anUnchangedRebuildIsAnsweredAsTheCachedBuildWasShown() throws Exception {
        context("busybox:latest");
        Run memo = armed(Map.of());
        assertTrue(memo.err().contains("#2 [2/3] COPY hello.txt /\n#2 CACHED"), memo.err());
        assertTrue(memo.err().contains("naming to docker.io/library/memo-" + dir.getFileName() + ":latest done"), memo.err());
        Run quiet = build("-q", "--iidfile", "id");
        Files.delete(dir.resolve("id"));
        Run quietAgain = build("-q", "--iidfile", "id");
        assertTrue(quietAgain.answered(), quietAgain.err());
        assertEquals(quiet.out(), quietAgain.out());
        assertEquals(quiet.out().trim(), Files.readString(dir.resolve("id")));
    }

    @Test
    void aDockerfileByteTakesTheFullPath() throws Exception {
        Path context = context("busybox:latest");
        armed(Map.of());
        Files.writeString(context.resolve("Dockerfile"), "#\n", StandardOpenOption.APPEND);
        assertFullPath(build(), context.resolve("Dockerfile") + " changed");
    }

    @Test
    void aContextFileOfTheSameSizeWithANewMtimeTakesTheFullPath() throws Exception {
        Path context = context("busybox:latest");
        armed(Map.of());
        Path notes = context.resolve("notes.txt");
        FileTime before = Files.getLastModifiedTime(notes);
        Files.writeString(notes, "NOTES\n");
        Files.setLastModifiedTime(notes, FileTime.from(before.toInstant().plusSeconds(1)));
        assertFullPath(build(), "the tree " + context + " changed");
    }

    @Test
    void aNewContextFileTakesTheFullPath() throws Exception {
        Path context = context("busybox:latest");
        armed(Map.of());
        Files.writeString(context.resolve("new.txt"), "new\n");
        assertFullPath(build(), "the tree " + context + " changed");
    }

    @Test
    void aDockerignoreTakesTheFullPath() throws Exception {
        Path context = context("busybox:latest");
        armed(Map.of());
        Files.writeString(context.resolve(".dockerignore"), "notes.txt\n");
        assertFullPath(build(), "the tree " + context + " changed");
    }

    @Test
    void aValuelessBuildArgsEnvironmentValueTakesTheFullPath() throws Exception {
        context("busybox:latest");
        armed(Map.of("NOTE", "one"), "--build-arg", "NOTE");
        assertFullPath(build(Map.of("NOTE", "two"), "--build-arg", "NOTE"), "no memo of this invocation");
        Map<String, String> unset = new HashMap<>();
        assertFullPath(build(unset, "--build-arg", "NOTE"), "no memo of this invocation");
    }

    @Test
    void aBaseImageRetaggedToAnotherImageTakesTheFullPath() throws Exception {
        String base = "base-" + dir.getFileName() + ":latest";
        jbuild(Map.of(), "tag", "busybox:latest", base);
        context(base);
        armed(Map.of());
        jbuild(Map.of(), "tag", "memo-" + dir.getFileName(), base);
        Run run = build();
        assertFullPath(run, store.resolve("index.json") + " changed");
        assertFalse(run.err().contains("CACHED"), "the steps run again on the other base: " + run.err());
    }

    @Test
    void theTagRemovedTakesTheFullPath() throws Exception {
        context("busybox:latest");
        armed(Map.of());
        jbuild(Map.of(), "rmi", "memo-" + dir.getFileName());
        assertFullPath(build(), store.resolve("index.json") + " changed");
    }

    @Test
    void thePrunedCacheTakesTheFullPath() throws Exception {
        context("busybox:latest");
        armed(Map.of());
        jbuild(Map.of(), "prune", "-a");
        Run run = build();
        assertFullPath(run, "the cache record ");
        assertTrue(run.err().contains("is gone"), run.err());
    }

    @Test
    void noCacheAndAnOutputTakeTheFullPath() throws Exception {
        context("busybox:latest");
        armed(Map.of());
        Run output = build("-o", "type=local,dest=" + dir.resolve("out"));
        assertFullPath(output, "the command line is not one a memo answers");
        assertTrue(Files.isRegularFile(dir.resolve("out/copy")), "the output was written");
        assertTrue(build().answered(), "the memo of the plain build is still there");
        Run noCache = build("--no-cache");
        assertFullPath(noCache, "the command line is not one a memo answers");
        assertFalse(noCache.err().contains("CACHED"), noCache.err());
    }

    @Test
    void theRunThatTrainsTheLaunchersArchiveChecksTheMemoThenBuildsInFull() throws Exception {
        context("busybox:latest");
        armed(Map.of());
        Run training = build(Map.of("JAVA_TOOL_OPTIONS", "-D" + MemoAnswer.TRAINING + "=true"));
        assertFullPath(training, "the launcher is recording its class-data archive, which a full build trains");
        assertTrue(training.err().contains("CACHED"), training.err());
    }

    @Test
    void theMemoCanBeTurnedOff() throws Exception {
        context("busybox:latest");
        armed(Map.of());
        Run off = build(Map.of("JBUILD_MEMO", "off"));
        assertFalse(off.err().contains("build memo"), off.err());
        assertTrue(off.err().contains("CACHED"), off.err());
        assertTrue(build().answered(), "turned off for one build, the memo is used again by the next");
    }
}
