package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.testing.BusyboxRootfs;
import dev.jbuild.core.testing.FileServer;
import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jbuild build} end to end, in process: a busybox base, real RUN steps, the local store. */
@ExtendWith(RegistryExtension.class)
class BuildCommandIT {

    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void importBusybox() throws Exception {
        Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        Path tar = dir.resolve("busybox.tar");
        Process p = new ProcessBuilder("tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        store = "--cache-dir=" + dir.resolve("store");
        CommandRun imported = CommandRun.of("import", store, tar.toString(), "busybox");
        assertEquals(0, imported.status(), imported.err());
    }

    private Path context(String dockerfile) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return context;
    }

    private JsonNode inspect(String name) throws Exception {
        CommandRun run = CommandRun.of("inspect", store, name);
        assertEquals(0, run.status(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void buildsTheExampleWithRunStepsAndTagsIt() throws Exception {
        Path example = Path.of(System.getProperty("jbuild.repo", "..")).resolve("testdata/examples/hello");
        CommandRun build = CommandRun.of("build", store, "-t", "hello:1", "--label", "ci.run=42", example.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("RUN <<EOF"), build.err());
        assertTrue(build.err().contains("naming to docker.io/library/hello:1 done"), build.err());
        JsonNode image = inspect("hello:1");
        assertEquals("1000", image.at("/config/config/User").asText());
        assertEquals("[\"cat\",\"/srv/HELLO.txt\"]", image.at("/config/config/Cmd").toString());
        assertTrue(image.at("/config/config/Env").toString().contains("GREETING=hello from jbuild"));
        assertEquals("42", image.at("/config/config/Labels/ci.run").asText());
        assertEquals("hello", image.at("/config/config/Labels/org.opencontainers.image.title").asText());
    }

    /** Scripts written for `docker build` pass these; BuildKit ignores them, and so does jbuild. */
    @Test
    void dockerBuildsLegacySwitchesAreAcceptedAndChangeNothing() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo one > /one\n");
        CommandRun plain = CommandRun.of("build", store, "-q", ctx.toString());
        CommandRun legacy = CommandRun.of("build", store, "-q", "--rm", "--force-rm=false", "--compress",
                "--isolation=default", "--disable-content-trust=true", ctx.toString());
        assertEquals(0, legacy.status(), legacy.err());
        assertEquals(plain.out(), legacy.out(), "the same image");
    }

    @Test
    void secondBuildIsCachedAndSourceDateEpochIsNotNeededForCacheHits() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo one > /one\nCOPY Dockerfile /df\n");
        assertEquals(0, CommandRun.of("build", store, "-t", "c", ctx.toString()).status());
        CommandRun again = CommandRun.of("build", store, "--progress=rawjson", "-t", "c", ctx.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(2, RawJsonStatus.of(again).cached().size(), again.err());
        Files.writeString(ctx.resolve("extra"), "not copied");
        CommandRun third = CommandRun.of("build", store, "--progress=rawjson", "-t", "c", ctx.toString());
        assertEquals(2, RawJsonStatus.of(third).cached().size(), third.err());
    }

    @Test
    void aChangedSourceRerunsOnlyTheStepsAfterItAndAnUnusedBuildArgMissesNothing() throws Exception {
        Path ctx = context(String.join("\n", "FROM busybox", "ARG USED=1", "COPY a.txt /a.txt",
                "RUN cat /a.txt > /a-copy", "COPY b.txt /b.txt", "RUN echo $USED > /used", ""));
        Files.writeString(ctx.resolve("a.txt"), "a");
        Files.writeString(ctx.resolve("b.txt"), "b");
        CommandRun first = CommandRun.of("build", store, "--progress=plain", ctx.toString());
        assertEquals(0, first.status(), first.err());

        CommandRun unusedArg = CommandRun.of("build", store, "--progress=rawjson", "--build-arg", "UNUSED=x", ctx.toString());
        assertEquals(0, unusedArg.status(), unusedArg.err());
        assertEquals(4, RawJsonStatus.of(unusedArg).cached().size(), unusedArg.err());

        Files.writeString(ctx.resolve("b.txt"), "b changed");
        CommandRun changed = CommandRun.of("build", store, "--progress=rawjson", ctx.toString());
        assertEquals(0, changed.status(), changed.err());
        RawJsonStatus afterChange = RawJsonStatus.of(changed);
        assertEquals(2, afterChange.cached().size(), "only the steps before b.txt: " + changed.err());
        assertTrue(afterChange.cachedStep("COPY a.txt /a.txt"), afterChange.cached().toString());

        CommandRun usedArg = CommandRun.of("build", store, "--progress=rawjson", "--build-arg", "USED=2", ctx.toString());
        assertEquals(0, usedArg.status(), usedArg.err());
        assertEquals(1, RawJsonStatus.of(usedArg).cached().size(),
                "a declared ARG is in every later RUN's environment, as in BuildKit: " + usedArg.err());
    }

    @Test
    void anUnchangedRebuildGivesTheSameImageWithoutSourceDateEpoch() throws Exception {
        Path ctx = context("FROM busybox\nENV A=1\nRUN echo x > /x\nLABEL l=1\nRUN echo y > /y\n");
        CommandRun first = CommandRun.of("build", store, "-q", ctx.toString());
        assertEquals(0, first.status(), first.err());
        Thread.sleep(1100);
        CommandRun again = CommandRun.of("build", store, "-q", ctx.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(first.out(), again.out(), "history and image dates come from the cached layers, as in BuildKit");
        CommandRun fresh = CommandRun.of("build", store, "-q", "--no-cache", ctx.toString());
        assertFalse(first.out().equals(fresh.out()), "steps that ran again are dated again");
    }

    @Test
    void failingRunExitsOneWithItsCommandExitCodeAndOutput() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo first\nRUN echo broken-output >&2; exit 3\n");
        CommandRun build = CommandRun.of("build", store, ctx.toString());
        assertEquals(1, build.status());
        assertTrue(build.err().contains("exit code: 3"), build.err());
        assertTrue(build.err().contains("broken-output"), build.err());
        assertTrue(build.err().contains("Dockerfile:3"), build.err());
    }

    @Test
    void failedRunShowsItsInstructionLineAndOutputTailInEveryProgressMode() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo first\nRUN echo broken-output >&2; exit 3\n");
        for (String mode : new String[] {"--progress=plain", "--progress=tty", "--progress=rawjson", "--progress=quiet", "-q"}) {
            CommandRun build = CommandRun.of("build", store, mode, ctx.toString());
            assertEquals(1, build.status(), mode);
            String err = build.err();
            assertTrue(err.contains(" > RUN echo broken-output >&2; exit 3:\nbroken-output\n"), mode + "\n" + err);
            assertTrue(err.contains("Dockerfile:3\n"), mode + "\n" + err);
            assertTrue(err.contains("ERROR: failed to solve: process \"/bin/sh -c echo broken-output >&2; exit 3\" did not"
                    + " complete successfully: exit code: 3"), mode + "\n" + err);
        }
    }

    @Test
    void quietPrintsOnlyTheImageIdAndRawjsonOnlyJsonLines() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo made > /made\n");
        CommandRun quiet = CommandRun.of("build", store, "-q", "-t", "q", ctx.toString());
        assertEquals(0, quiet.status(), quiet.err());
        assertEquals(inspect("q").at("/manifest/config/digest").asText() + "\n", quiet.out());
        assertEquals("", quiet.err());

        CommandRun json = CommandRun.of("build", store, "--no-cache", "--progress=rawjson", ctx.toString());
        assertEquals(0, json.status(), json.err());
        assertEquals("", json.out());
        boolean sawOutput = false;
        for (String line : json.err().split("\n")) {
            JsonNode status = new ObjectMapper().readTree(line);
            assertTrue(status.has("vertexes") || status.has("logs"), line);
            sawOutput |= status.at("/vertexes/0/name").asText().endsWith("2/2] RUN echo made > /made")
                    && status.at("/vertexes/0/completed").isTextual();
        }
        assertTrue(sawOutput, json.err());

        CommandRun plain = CommandRun.of("build", store, "--progress=fancy", ctx.toString());
        assertEquals(2, plain.status());
        assertTrue(plain.err().contains("--progress must be auto, tty, plain, rawjson or quiet, not fancy"), plain.err());
    }

    @Test
    void unknownTargetAndMissingCopySourceAreClearErrors() throws Exception {
        Path ctx = context("FROM busybox AS base\nCOPY nothere /x\n");
        CommandRun target = CommandRun.of("build", store, "--target", "nope", ctx.toString());
        assertEquals(1, target.status());
        assertTrue(target.err().contains("target stage \"nope\" could not be found"), target.err());
        CommandRun missing = CommandRun.of("build", store, ctx.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("nothere") && missing.err().contains("not found"), missing.err());
        assertTrue(missing.err().contains("Dockerfile:2"), missing.err());
        assertFalse(missing.err().contains("internal error"), missing.err());
    }

    @Test
    void anEnvThatDoublesThirtyTimesExitsOneWithItsLine() throws Exception {
        Path ctx = context("FROM busybox\nENV A=0123456789abcdef\n" + "ENV A=$A$A\n".repeat(29));
        CommandRun build = CommandRun.of("build", store, ctx.toString());
        assertEquals(1, build.status(), build.err());
        assertTrue(build.err().contains("ENV A expands to more than 1 MiB"), build.err());
        assertTrue(build.err().contains("Dockerfile:19"), build.err());
        assertFalse(build.err().contains("OutOfMemoryError") || build.err().contains("internal error"), build.err());
    }

    @Test
    void copyOutsideTheContextIsRefused() throws Exception {
        Path ctx = context("FROM busybox\nCOPY ../secret /x\n");
        Files.writeString(dir.resolve("secret"), "host file");
        CommandRun build = CommandRun.of("build", store, ctx.toString());
        assertEquals(1, build.status());
        assertTrue(build.err().contains("outside the build context"), build.err());
    }

    @Test
    void missingContextIsBadUsage() {
        CommandRun build = CommandRun.of("build", store, dir.resolve("none").toString());
        assertEquals(2, build.status());
        assertTrue(build.err().contains("not a directory"), build.err());
    }

    @Test
    void withSourceDateEpochARebuildWithoutCacheGivesTheSameDigest() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo x > /x && mkdir -p /d && touch /d/f\nCOPY Dockerfile /df\n");
        String epoch = "--build-arg=SOURCE_DATE_EPOCH=1700000000";
        CommandRun first = CommandRun.of("build", store, epoch, "-t", "r", ctx.toString());
        assertEquals(0, first.status(), first.err());
        JsonNode a = inspect("r");
        CommandRun second = CommandRun.of("build", store, "--progress=rawjson", epoch, "--no-cache", "-t", "r", ctx.toString());
        assertEquals(0, second.status(), second.err());
        assertEquals(List.of(), RawJsonStatus.of(second).cached(), second.err());
        JsonNode b = inspect("r");
        assertEquals(a.get("digest"), b.get("digest"));
        assertEquals("2023-11-14T22:13:20Z", b.at("/config/created").asText());
    }

    @Test
    void dockerignoreKeepsFilesOutAndTouchingAFileMissesNothing() throws Exception {
        Path ctx = context("FROM busybox\nCOPY . /app/\nRUN ls /app > /listing\n");
        Files.writeString(ctx.resolve(".dockerignore"), "secret*\n!secret-but-wanted\n");
        Files.writeString(ctx.resolve("secret.key"), "no");
        Files.writeString(ctx.resolve("secret-but-wanted"), "yes");
        Files.writeString(ctx.resolve("app.txt"), "app");
        CommandRun first = CommandRun.of("build", store, "-t", "ig", ctx.toString());
        assertEquals(0, first.status(), first.err());
        Path saved = dir.resolve("ig.tar");
        assertEquals(0, CommandRun.of("save", store, "-o", saved.toString(), "ig").status());
        Process list = new ProcessBuilder("sh", "-c", "mkdir -p " + dir.resolve("ig") + " && tar -xf " + saved
                + " -C " + dir.resolve("ig") + " && for b in " + dir.resolve("ig") + "/blobs/sha256/*; do tar -tzf $b 2>/dev/null; done")
                .start();
        String files = new String(list.getInputStream().readAllBytes());
        assertTrue(list.waitFor(60, TimeUnit.SECONDS));
        assertTrue(files.contains("app/app.txt") && files.contains("app/secret-but-wanted"), files);
        assertFalse(files.contains("secret.key"), files);

        Files.setLastModifiedTime(ctx.resolve("app.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        CommandRun touched = CommandRun.of("build", store, "--progress=rawjson", "-t", "ig", ctx.toString());
        assertEquals(2, RawJsonStatus.of(touched).cached().size(), touched.err());
        Files.writeString(ctx.resolve("app.txt"), "changed");
        CommandRun changed = CommandRun.of("build", store, "--progress=rawjson", "-t", "ig", ctx.toString());
        assertEquals(0, RawJsonStatus.of(changed).cached().size(), changed.err());
    }

    @Test
    void addHostEntriesReachTheHostsFileOfRunStepsAndTheirKey() throws Exception {
        Path ctx = context("FROM busybox\nRUN grep -q '^10.1.2.3\tdb$' /etc/hosts && echo found\n");
        CommandRun build = CommandRun.of("build", store, "--progress=plain", "--add-host", "db:10.1.2.3", ctx.toString());
        assertEquals(0, build.status(), build.err());
        CommandRun again = CommandRun.of("build", store, "--progress=rawjson", "--add-host", "db=10.1.2.3", ctx.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(1, RawJsonStatus.of(again).cached().size(), "the same entry hits the cache: " + again.err());
        CommandRun other = CommandRun.of("build", store, "--progress=rawjson", "--add-host", "db:10.9.9.9", ctx.toString());
        assertEquals(1, other.status(), "another address is another step, which runs and fails: " + other.err());
        CommandRun bad = CommandRun.of("build", store, "--add-host", "db", ctx.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--add-host db: expected NAME:IP or NAME=IP"), bad.err());
    }

    @Test
    void shmSizeAndUlimitsReachRunStepsAndTheirKey() throws Exception {
        Path ctx = context("FROM busybox\nRUN echo \"nofile=$(ulimit -n):$(ulimit -Hn) core=$(ulimit -c)"
                + " shm=$(df -k /dev/shm | tail -n 1 | tr -s ' ' | cut -d ' ' -f 2)\"\n");
        CommandRun build = CommandRun.of("build", store, "--progress=plain", "--shm-size=16m",
                "--ulimit", "nofile=256:512", "--ulimit", "core=0", ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("nofile=256:512 core=0 shm=16384"), build.err());
        assertFalse(build.err().contains("not supported"), build.err());
        CommandRun plain = CommandRun.of("build", store, "--progress=plain", "--no-cache", ctx.toString());
        assertTrue(plain.err().contains(" shm=65536"), "BuildKit's 64 MiB by default: " + plain.err());
        CommandRun other = CommandRun.of("build", store, "--progress=rawjson", "--shm-size=16m",
                "--ulimit", "nofile=128:512", "--ulimit", "core=0", ctx.toString());
        assertEquals(0, RawJsonStatus.of(other).cached().size(), "other limits are another step: " + other.err());
    }

    @Test
    void badShmSizeAndUlimitsAreUsageErrorsNamingTheFlag() throws Exception {
        Path ctx = context("FROM busybox\nRUN true\n");
        CommandRun size = CommandRun.of("build", store, "--shm-size=lots", ctx.toString());
        assertEquals(2, size.status(), size.err());
        assertTrue(size.err().contains("--shm-size: 'lots' is not a size"), size.err());
        CommandRun order = CommandRun.of("build", store, "--ulimit", "nofile=2048:1024", ctx.toString());
        assertEquals(2, order.status(), order.err());
        assertTrue(order.err().contains("--ulimit nofile=2048:1024: the soft limit 2048 of nofile must not exceed"),
                order.err());
        CommandRun type = CommandRun.of("build", store, "--ulimit", "files=1", ctx.toString());
        assertTrue(type.status() == 2 && type.err().contains("--ulimit files=1: unknown ulimit type 'files'"), type.err());
    }

    @Test
    void aHardLimitAboveTheCallersOwnIsRefusedByNameUnlessItMayRaiseIt() throws Exception {
        Path ctx = context("FROM busybox\nRUN ulimit -Hn\n");
        long own = Long.parseLong(new String(new ProcessBuilder("sh", "-c", "ulimit -Hn").start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        String flag = "nofile=64:" + (own + 1);
        CommandRun build = CommandRun.of("build", store, "--progress=plain", "--ulimit", flag, ctx.toString());
        String status = Files.readString(Path.of("/proc/self/status"));
        long effective = Long.parseLong(status.lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow()
                .substring("CapEff:".length()).trim(), 16);
        if ((effective & (1L << 24)) == 0) {
            assertEquals(2, build.status(), build.err());
            assertTrue(build.err().contains("--ulimit " + flag + ": the hard limit " + (own + 1)
                    + " of nofile is above this user's own (" + own + "), which only root with CAP_SYS_RESOURCE can raise"),
                    build.err());
        } else {
            assertEquals(0, build.status(), "CAP_SYS_RESOURCE raises it: " + build.err());
            assertTrue(build.err().contains("\n" + (own + 1) + "\n") || build.err().contains(" " + (own + 1) + "\n"),
                    build.err());
        }
    }

    @Test
    void networkNoneLeavesRunStepsOnlyLoopback() throws Exception {
        // the step fails unless lo is its only network interface
        Path ctx = context("FROM busybox\nRUN test \"$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ')\" = lo\n");
        CommandRun build = CommandRun.of("build", store, "--network=none", "-t", "net", ctx.toString());
        assertEquals(0, build.status(), build.err());
        CommandRun bad = CommandRun.of("build", store, "--network=bridge", ctx.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--network: unknown network mode 'bridge': expected default, none or host"), bad.err());
    }

    /** The cases of BuildKit's own COPY --parents tests, checked by a RUN step in the image. */
    @Test
    void copyParentsKeepsSourceDirectoriesFromTheContextAndFromAStage() throws Exception {
        Path ctx = context(String.join("\n",
                "FROM busybox AS base",
                "WORKDIR /test",
                "RUN mkdir -p a/b/c/d/e a/b2/c/d/e a/b/c2/d/e a/b/c2/d/e2 && touch a/b/c/d/foo a/b/c/d/e/bay"
                        + " a/b2/c/d/e/bar a/b/c2/d/e/baz a/b/c2/d/e2/baz",
                "FROM busybox",
                "COPY --parents foo1/foo2/bar /ctx/",
                "COPY --parents foo1/foo2/ba* /ctx-wild/",
                "COPY --from=base --parents /test/a/b/./c/d /middle/",
                "COPY --from=base --parents /test/a/b/c/d/. /end/",
                "COPY --from=base --parents /test/a/./*/c /wildcard/",
                "COPY --from=base --parents /test/a/b/c*/./d/**/baz /test/a/b*/./c/**/bar /inputs/",
                "COPY --from=base --parents /test/a/b3*/c /none/",
                "RUN test \"$(cat /ctx/foo1/foo2/bar)\" = testing && test ! -e /ctx/foo1/foo2/baz"
                        + " && test -f /ctx-wild/foo1/foo2/baz"
                        + " && test -d /middle/c/d/e && test -f /middle/c/d/foo && test ! -e /middle/a"
                        + " && test -f /end/test/a/b/c/d/foo"
                        + " && test -d /wildcard/b/c/d/e && test -f /wildcard/b2/c/d/e/bar"
                        + " && test -f /inputs/d/e/baz && test -f /inputs/d/e2/baz && test ! -e /inputs/d/e/bay"
                        + " && test -f /inputs/c/d/e/bar"
                        + " && test -d /none && test -z \"$(ls /none)\"",
                ""));
        Files.createDirectories(ctx.resolve("foo1/foo2"));
        Files.writeString(ctx.resolve("foo1/foo2/bar"), "testing");
        Files.writeString(ctx.resolve("foo1/foo2/baz"), "testing2");
        CommandRun build = CommandRun.of("build", store, "-t", "parents", ctx.toString());
        assertEquals(0, build.status(), build.err());
        JsonNode image = inspect("parents");
        assertTrue(image.at("/config/history").toString().contains("COPY --parents foo1/foo2/bar /ctx/"),
                image.at("/config/history").toString());

        Path missing = context("FROM busybox\nCOPY --parents foo1/nothere /out/\n");
        CommandRun failed = CommandRun.of("build", store, missing.toString());
        assertEquals(1, failed.status());
        assertTrue(failed.err().contains("\"/foo1/nothere\": not found"), failed.err());
    }

    @Test
    void runMountsCacheBindTmpfsAndSecretAsBuildkitDoes() throws Exception {
        Path ctx = context(String.join("\n",
                "FROM busybox AS src",
                "RUN mkdir /out && echo from-stage > /out/file",
                "FROM busybox",
                "RUN --mount=type=cache,target=/cache echo run >> /cache/count && wc -l < /cache/count > /count",
                "RUN --mount=type=bind,source=data.txt,target=/mnt/data.txt cp /mnt/data.txt /copied",
                "RUN --mount=type=bind,from=src,source=/out,target=/from-stage cp /from-stage/file /stage-file",
                "RUN --mount=type=tmpfs,target=/scratch touch /scratch/x && test -f /scratch/x",
                "RUN --mount=type=secret,id=token test \"$(cat /run/secrets/token)\" = s3cret && echo used > /secret-used",
                ""));
        Files.writeString(ctx.resolve("data.txt"), "context data");
        Path secret = dir.resolve("token.txt");
        Files.writeString(secret, "s3cret");
        CommandRun build = CommandRun.of("build", store, "--secret", "id=token,src=" + secret, "-t", "m", ctx.toString());
        assertEquals(0, build.status(), build.err());
        Path saved = dir.resolve("m.tar");
        assertEquals(0, CommandRun.of("save", store, "-o", saved.toString(), "m").status());
        Path out = Files.createDirectories(dir.resolve("m"));
        Process list = new ProcessBuilder("sh", "-c", "tar -xf " + saved + " -C " + out + " && for b in " + out
                + "/blobs/sha256/*; do tar -tzf $b 2>/dev/null; done").start();
        String files = new String(list.getInputStream().readAllBytes());
        assertTrue(list.waitFor(60, TimeUnit.SECONDS));
        assertTrue(files.contains("copied") && files.contains("stage-file") && files.contains("secret-used"), files);
        assertFalse(files.contains("cache/count") || files.contains("scratch/x") || files.contains("run/secrets"), files);

        // the cache mount outlives the build: a rerun without the cache sees the earlier run's line
        Files.writeString(ctx.resolve("data.txt"), "changed context data");
        CommandRun again = CommandRun.of("build", store, "--no-cache", "--secret", "id=token,src=" + secret, ctx.toString());
        assertEquals(0, again.status(), again.err());
        CommandRun missing = CommandRun.of("build", store, "--no-cache", ctx.toString());
        assertEquals(1, missing.status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlay", "native"})
    void secretsKeepModeOwnerAndVariableAndTheValueIsInNoLayerLogOrCacheRecord(String snapshotter) throws Exception {
        String value = "s3cret-e2e-5b1d";
        // the Dockerfile names the value's digest only, so that it is the step, not the text, that knows it
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        Path ctx = context(String.join("\n",
                "FROM busybox",
                "RUN --mount=type=secret,id=token,env=TOKEN test \"$(printf %s \"$TOKEN\" | md5sum | cut -c1-32)\" = " + md5
                        + " && test ! -e /run/secrets/token && echo env-only > /env-only",
                "RUN --mount=type=secret,id=token,env=TOKEN,target=/etc/token,uid=1000,gid=1000,mode=0440"
                        + " test \"$TOKEN\" = \"$(cat /etc/token)\" && stat -c %a:%u:%g /etc/token > /both",
                "RUN --mount=type=secret,id=a --mount=type=secret,id=b cat /run/secrets/a /run/secrets/b > /dev/null"
                        + " && echo two > /two",
                "USER nobody",
                "RUN --mount=type=secret,id=token cat /run/secrets/token >/dev/null 2>&1 || echo denied > /tmp/denied",
                "RUN --mount=type=secret,id=token,mode=0444 cat /run/secrets/token >/dev/null && echo read > /tmp/read",
                ""));
        Path secret = Files.writeString(dir.resolve("token.txt"), value);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        CommandRun build = CommandRun.of("build", store, "--snapshotter=" + snapshotter, "--progress=plain",
                "--secret", "id=token,src=" + secret, "--secret", "id=a,src=" + secret, "--secret", "id=b,src=" + secret,
                "-t", "s", ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertFalse(build.out().contains(value) || build.err().contains(value), "the log never shows the value");

        Path out = dir.resolve("s-root");
        assertEquals(0, CommandRun.of("build", store, "--snapshotter=" + snapshotter, "--secret", "id=token,src=" + secret,
                "--secret", "id=a,src=" + secret, "--secret", "id=b,src=" + secret, "--output", "type=local,dest=" + out,
                ctx.toString()).status());
        assertEquals("env-only\n", Files.readString(out.resolve("env-only")));
        assertEquals("440:1000:1000\n", Files.readString(out.resolve("both")));
        assertEquals("two\n", Files.readString(out.resolve("two")));
        assertEquals("denied\n", Files.readString(out.resolve("tmp/denied")));
        assertEquals("read\n", Files.readString(out.resolve("tmp/read")));
        assertFalse(Files.exists(out.resolve("run")), "no /run stub in the image");
        List<Path> holding = filesHolding(dir.resolve("store"), value);
        assertEquals(List.of(), holding, "the value is in no layer, history, cache record or key");
        assertEquals(List.of(), filesHolding(out, value), "nor in the image's files");
        assertTrue(filesHolding(dir, value).contains(secret), "the search finds the value where it is");
    }

    /** The files below {@code tree} whose bytes, or whose gzip-decompressed bytes, contain {@code text}. */
    private static List<Path> filesHolding(Path tree, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                        bytes = in.readAllBytes();
                    }
                }
                if (new String(bytes, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    @Test
    void writableBindOfTheContextNeverChangesTheUsersFiles() throws Exception {
        Path ctx = context(String.join("\n",
                "FROM busybox",
                "RUN --mount=type=bind,source=data.txt,target=/rw/data.txt,rw echo changed >> /rw/data.txt && cat /rw/data.txt > /seen-file",
                "RUN --mount=type=bind,target=/ctx,rw rm -rf /ctx/sub && echo new > /ctx/new && ls /ctx > /seen-dir",
                ""));
        Files.writeString(ctx.resolve("data.txt"), "original\n");
        Files.createDirectories(ctx.resolve("sub"));
        Files.writeString(ctx.resolve("sub/kept.txt"), "kept");
        CommandRun build = CommandRun.of("build", store, "-o", "type=local,dest=" + dir.resolve("rw-out"), ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertEquals("original\nchanged\n", Files.readString(dir.resolve("rw-out/seen-file")), "the step saw its own write");
        assertEquals("original\n", Files.readString(ctx.resolve("data.txt")), "the context file is untouched");
        assertTrue(Files.exists(ctx.resolve("sub/kept.txt")), "the context directory is untouched");
        assertFalse(Files.exists(ctx.resolve("new")));
        assertFalse(Files.exists(dir.resolve("rw-out/rw/data.txt")), "the bind's writes are not in the layer");
    }

    @Test
    void copyOverAnExistingFileNeverChangesTheCachedBaseLayers() throws Exception {
        Path replace = context(String.join("\n", "FROM busybox", "COPY <<EOF /etc/group", "replaced", "EOF",
                "COPY data.txt /etc/passwd", ""));
        Files.writeString(replace.resolve("data.txt"), "also replaced\n");
        CommandRun first = CommandRun.of("build", store, replace.toString());
        assertEquals(0, first.status(), first.err());
        Path read = context(String.join("\n", "FROM busybox", "RUN cat /etc/group /etc/passwd > /seen", ""));
        CommandRun second = CommandRun.of("build", store, "-o", "type=local,dest=" + dir.resolve("seen-out"), read.toString());
        assertEquals(0, second.status(), second.err());
        String seen = Files.readString(dir.resolve("seen-out/seen"));
        assertTrue(seen.startsWith("root:x:0:") && !seen.contains("replaced"), seen);
    }

    private static void sh(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + "\n" + out);
    }

    @Test
    void gitRepositoryWithRefAndSubdirectoryIsAContext() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo/app"));
        Files.writeString(repo.resolve("Dockerfile"), "FROM busybox\nCOPY version /version\n");
        Files.writeString(repo.resolve("version"), "v1\n");
        sh(repo.getParent(), "git init -q && git add . && git -c user.email=t@t -c user.name=t commit -qm one"
                + " && git tag v1 && echo v2 > app/version && git -c user.email=t@t -c user.name=t commit -qam two");
        CommandRun build = CommandRun.of("build", store, "-t", "fromgit", "file://" + repo.getParent() + "#v1:app");
        assertEquals(0, build.status(), build.err());
        CommandRun missingRef = CommandRun.of("build", store, "file://" + repo.getParent() + "#nope:app");
        assertEquals(1, missingRef.status());
        assertTrue(missingRef.err().contains("nope"), missingRef.err());
    }

    @Test
    void tarOnStandardInputIsAContext() throws Exception {
        Path ctx = context("FROM busybox\nCOPY file /file\n");
        Files.writeString(ctx.resolve("file"), "from stdin");
        sh(ctx, "tar -cf ../ctx.tar .");
        java.io.InputStream original = System.in;
        try {
            System.setIn(Files.newInputStream(dir.resolve("ctx.tar")));
            CommandRun build = CommandRun.of("build", store, "-t", "fromstdin", "-");
            assertEquals(0, build.status(), build.err());
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void pushSendsTheTagsToTheirRegistry(LocalRegistry registry) throws Exception {
        Path ctx = context("FROM busybox\nRUN echo pushed > /p\n");
        String name = registry.address() + "/built:1";
        CommandRun build = CommandRun.of("build", store, "--push", "-t", name, ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("pushed " + name), build.err());
        CommandRun pull = CommandRun.of("pull", "--cache-dir=" + dir.resolve("other"), name);
        assertEquals(0, pull.status(), pull.err());
        assertEquals(2, CommandRun.of("build", store, "--push", ctx.toString()).status(), "--push without -t is bad usage");
    }

    @Test
    void addDownloadsAUrlWithMode0600AndAMissingOneFailsAtItsLine() throws Exception {
        try (FileServer server = FileServer.start()) {
            server.put("/files/notes.txt", "remote notes\n");
            Path ctx = context("FROM busybox\n"
                    + "ADD " + server.url("/files/notes.txt") + " /srv/\n"
                    + "RUN stat -c '%a %u' /srv/notes.txt > /srv/mode\n");
            Path local = dir.resolve("added");
            CommandRun build = CommandRun.of("build", store, "-o", "type=local,dest=" + local, ctx.toString());
            assertEquals(0, build.status(), build.err());
            assertEquals("remote notes\n", Files.readString(local.resolve("srv/notes.txt")));
            assertEquals("600 0\n", Files.readString(local.resolve("srv/mode")));
            CommandRun again = CommandRun.of("build", store, "--progress=rawjson", ctx.toString());
            assertEquals(2, RawJsonStatus.of(again).cached().size(), again.err());

            Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nADD " + server.url("/files/gone.txt") + " /x\n");
            CommandRun missing = CommandRun.of("build", store, ctx.toString());
            assertEquals(1, missing.status());
            assertTrue(missing.err().contains(server.url("/files/gone.txt")) && missing.err().contains("404"),
                    missing.err());
            assertTrue(missing.err().contains("Dockerfile:2"), missing.err());
        }
    }

    /** As buildx: the digest is the manifest the output wrote, which recompression changes, not the store's. */
    @Test
    void metadataFileNamesTheManifestTheLastOutputWroteAndABuildRef() throws Exception {
        Path ctx = context("FROM busybox\nCOPY Dockerfile /copied\n");
        Path archive = dir.resolve("zstd.tar");
        Path metadata = dir.resolve("metadata.json");
        CommandRun build = CommandRun.of("build", store, "-t", "meta:1", "--metadata-file", metadata.toString(),
                "-o", "type=oci,compression=zstd,dest=" + archive, ctx.toString());
        assertEquals(0, build.status(), build.err());

        JsonNode written = new ObjectMapper().readTree(metadata.toFile());
        Process index = new ProcessBuilder("tar", "-xOf", archive.toString(), "index.json").start();
        JsonNode exported = new ObjectMapper().readTree(index.getInputStream()).at("/manifests/0");
        assertTrue(index.waitFor(60, TimeUnit.SECONDS));
        assertEquals(exported.get("digest").asText(), written.get("containerimage.digest").asText());
        assertEquals(exported.get("digest").asText(), written.at("/containerimage.descriptor/digest").asText());
        assertEquals(exported.get("size").asLong(), written.at("/containerimage.descriptor/size").asLong());
        assertNotEquals(inspect("meta:1").get("digest").asText(), written.get("containerimage.digest").asText(),
                "the store keeps plain-tar layers, so its manifest differs");
        assertTrue(written.get("buildx.build.ref").asText().matches("jbuild/local/[0-9a-z]{25}"), written.toString());

        CommandRun plain = CommandRun.of("build", store, "-t", "meta:1", "--metadata-file", metadata.toString(), ctx.toString());
        assertEquals(0, plain.status(), plain.err());
        assertEquals(inspect("meta:1").get("digest").asText(),
                new ObjectMapper().readTree(metadata.toFile()).get("containerimage.digest").asText());
    }

    @Test
    void localAndTarOutputsHoldTheImagesFiles() throws Exception {
        Path ctx = context("FROM busybox\nRUN mkdir /made && echo hi > /made/file && chown 1000:1000 /made/file\n");
        Path local = dir.resolve("local");
        CommandRun build = CommandRun.of("build", store, "-o", "type=local,dest=" + local, ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertEquals("hi\n", Files.readString(local.resolve("made/file")));
        assertTrue(Files.isExecutable(local.resolve("bin/busybox")));
        Path tar = dir.resolve("out.tar");
        assertEquals(0, CommandRun.of("build", store, "-o", "type=tar,dest=" + tar, ctx.toString()).status());
        Process list = new ProcessBuilder("tar", "--numeric-owner", "-tvf", tar.toString()).start();
        String listing = new String(list.getInputStream().readAllBytes());
        assertTrue(list.waitFor(60, TimeUnit.SECONDS));
        // names as BuildKit's tar exporter writes them: relative, without a leading ./
        assertTrue(listing.matches("(?s).*1000/1000 .* made/file\n.*"), listing);
        assertFalse(listing.contains(" ./"), listing);
        CommandRun bad = CommandRun.of("build", store, "-o", "type=registry,dest=x", ctx.toString());
        assertEquals(2, bad.status());
    }

    @Test
    void namedBuildContextsFeedCopyFromAndFrom() throws Exception {
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(extra.resolve("shared.txt"), "shared");
        Path ctx = context("FROM base\nCOPY --from=assets shared.txt /shared.txt\nRUN test \"$(cat /shared.txt)\" = shared\n");
        CommandRun build = CommandRun.of("build", store, "--build-context", "assets=" + extra,
                "--build-context", "base=docker-image://busybox", ctx.toString());
        assertEquals(0, build.status(), build.err());
        CommandRun bad = CommandRun.of("build", store, "--build-context", "assets=" + dir.resolve("none"), ctx.toString());
        assertEquals(2, bad.status());
    }

    @Test
    void ociLayoutNamedContextFeedsFromAndCopyFromWithTagsAndDigestsChecked() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Files.writeString(first.resolve("Dockerfile"), "FROM busybox\nRUN echo layered > /layered\n");
        assertEquals(0, CommandRun.of("build", store, "-t", "layered", first.toString()).status());
        // one layout written by skopeo (tag v1), one unpacked from jbuild save (named by full reference)
        Path skopeoLayout = dir.resolve("skopeo-layout");
        sh(dir, "command -v skopeo >/dev/null || { echo 'skopeo is missing (Debian package skopeo)'; exit 1; }; skopeo copy -q "
                + "oci:" + dir.resolve("store") + ":docker.io/library/layered:latest oci:" + skopeoLayout + ":v1");
        Path saved = Files.createDirectories(dir.resolve("saved-layout"));
        assertEquals(0, CommandRun.of("save", store, "-o", dir.resolve("saved.tar").toString(), "layered").status());
        sh(saved, "tar -xf ../saved.tar");
        Path ctx = context("FROM base\nCOPY --from=img /layered /copied\n"
                + "RUN test \"$(cat /layered)\" = layered && test \"$(cat /copied)\" = layered\n");
        CommandRun build = CommandRun.of("build", store, "-t", "onlayout", "--build-context", "base=oci-layout://" + skopeoLayout + ":v1",
                "--build-context", "img=oci-layout://" + saved, ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("FROM oci-layout://" + skopeoLayout + ":v1"), build.err());

        CommandRun noTag = CommandRun.of("build", store, "--build-context", "base=oci-layout://" + skopeoLayout + ":v2",
                "--build-context", "img=oci-layout://" + saved, ctx.toString());
        assertEquals(1, noTag.status(), noTag.err());
        assertTrue(noTag.err().contains("tag v2 not found") && noTag.err().contains("it has: v1"), noTag.err());
        CommandRun noDir = CommandRun.of("build", store, "--build-context", "base=oci-layout://" + dir.resolve("absent"), ctx.toString());
        assertEquals(2, noDir.status(), noDir.err());
        assertTrue(noDir.err().contains("does not exist"), noDir.err());

        // a changed layer is refused by its digest; a fresh store so the blob is not already known
        sh(dir, "for f in skopeo-layout/blobs/sha256/*; do s=$(stat -c %s $f); if [ $s -gt 100000 ]; then "
                + "chmod u+w $f; head -c $s /dev/zero > $f; fi; done");
        Path only = Files.createDirectories(dir.resolve("only"));
        Files.writeString(only.resolve("Dockerfile"), "FROM base\n");
        CommandRun corrupt = CommandRun.of("build", "--cache-dir=" + dir.resolve("fresh"), "--build-context",
                "base=oci-layout://" + skopeoLayout + ":v1", only.toString());
        assertEquals(1, corrupt.status(), corrupt.err());
        assertTrue(corrupt.err().contains("digest"), corrupt.err());
    }

    @Test
    void gitRepositoryAndTarballUrlAreNamedContexts() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo/sub"));
        Files.writeString(repo.resolve("version"), "v1\n");
        sh(repo.getParent(), "git init -q && git add . && git -c user.email=t@t -c user.name=t commit -qm one"
                + " && git tag v1 && echo v2 > sub/version && git -c user.email=t@t -c user.name=t commit -qam two");
        Path served = Files.createDirectories(dir.resolve("served/files"));
        Files.writeString(served.resolve("data.txt"), "from a tarball\n");
        sh(served, "tar -czf ../files.tar.gz .");
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/files.tar.gz", exchange -> {
            byte[] body = Files.readAllBytes(dir.resolve("served/files.tar.gz"));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort();
            Path ctx = context("FROM busybox\nCOPY --from=src version /version\nCOPY --from=web data.txt /data.txt\n"
                    + "RUN test \"$(cat /version)\" = v1 && test \"$(cat /data.txt)\" = 'from a tarball'\n");
            CommandRun build = CommandRun.of("build", store, "--build-context", "src=file://" + repo.getParent() + "#v1:sub",
                    "--build-context", "web=" + url + "/files.tar.gz", ctx.toString());
            assertEquals(0, build.status(), build.err());
            CommandRun notFound = CommandRun.of("build", store, "--build-context", "src=file://" + repo.getParent() + "#v1:sub",
                    "--build-context", "web=" + url + "/other.tar.gz", ctx.toString());
            assertEquals(2, notFound.status(), notFound.err());
            assertTrue(notFound.err().contains("--build-context web=") && notFound.err().contains("HTTP 404"), notFound.err());
        } finally {
            http.stop(0);
        }
    }

    private static Process sshAgent(Path socket) throws Exception {
        assertTrue(dev.jbuild.core.testing.Command.available("ssh-agent"), "ssh-agent is missing (Debian package openssh-client)");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // ssh-agent -D prints its variables once it listens
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(agent.getInputStream())).readLine();
        assertTrue(line != null && line.startsWith("SSH_AUTH_SOCK="), String.valueOf(line));
        return agent;
    }

    @Test
    void sshMountShowsTheAgentSocketLeavesNoTraceAndKeysOnlyItsId() throws Exception {
        Path ctx = context(String.join("\n",
                "FROM busybox",
                "RUN --mount=type=ssh test -S \"$SSH_AUTH_SOCK\" && test \"$SSH_AUTH_SOCK\" = /run/buildkit/ssh_agent.0"
                        + " && echo forwarded > /ssh-ok",
                "RUN --mount=type=ssh,id=deploy,target=/deploy/agent.sock,required=true test -S /deploy/agent.sock"
                        + " && test \"$SSH_AUTH_SOCK\" = /deploy/agent.sock",
                "RUN --mount=type=ssh,id=absent test ! -e /run/buildkit/ssh_agent.0", ""));
        Process first = sshAgent(dir.resolve("first.sock"));
        Process second = sshAgent(dir.resolve("second.sock"));
        try {
            Path local = dir.resolve("tree");
            CommandRun build = CommandRun.of("build", store, "--ssh", "default=" + dir.resolve("first.sock"),
                    "--ssh", "deploy=" + dir.resolve("first.sock"), "-o", "type=local,dest=" + local, ctx.toString());
            assertEquals(0, build.status(), build.err());
            assertEquals("forwarded\n", Files.readString(local.resolve("ssh-ok")));
            assertFalse(Files.exists(local.resolve("run")), "no mount point of the socket is left in a layer");
            assertFalse(Files.exists(local.resolve("deploy")), "no mount point of the socket is left in a layer");
            assertFalse(build.err().contains(dir.resolve("first.sock").toString()), "the socket's host path is not logged");

            // another agent socket at another path: the steps are cached, the socket is not in their key
            CommandRun again = CommandRun.of("build", store, "--ssh", "default=" + dir.resolve("second.sock"),
                    "--ssh", "deploy=" + dir.resolve("second.sock"), "--progress=rawjson", ctx.toString());
            assertEquals(0, again.status(), again.err());
            assertEquals(3, RawJsonStatus.of(again).cached().size(), again.err());

            CommandRun missing = CommandRun.of("build", store, "--no-cache", "--ssh", "default=" + dir.resolve("first.sock"),
                    ctx.toString());
            assertEquals(1, missing.status(), missing.err());
            assertTrue(missing.err().contains("ssh agent deploy is required but was not given: pass --ssh deploy="),
                    missing.err());
            CommandRun noFile = CommandRun.of("build", store, "--ssh", "default=" + dir.resolve("nothere.sock"), ctx.toString());
            assertEquals(2, noFile.status(), noFile.err());
            assertTrue(noFile.err().contains("--ssh default=") && noFile.err().contains("does not exist"), noFile.err());
        } finally {
            first.destroy();
            second.destroy();
            first.waitFor(10, TimeUnit.SECONDS);
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void explainCacheSaysWhichInputChanged() throws Exception {
        Path ctx = context("FROM busybox\nARG MODE=debug\nRUN echo $MODE > /mode\nCOPY app.txt /app.txt\n");
        Files.writeString(ctx.resolve("app.txt"), "one");
        CommandRun first = CommandRun.of("build", store, "--explain-cache", ctx.toString());
        assertTrue(first.err().contains("no earlier build of this step"), first.err());
        CommandRun arg = CommandRun.of("build", store, "--explain-cache", "--build-arg", "MODE=release", ctx.toString());
        assertTrue(arg.err().contains("variables changed: MODE"), arg.err());
        Files.writeString(ctx.resolve("app.txt"), "two");
        CommandRun file = CommandRun.of("build", store, "--progress=rawjson", "--explain-cache", "--build-arg", "MODE=release",
                ctx.toString());
        RawJsonStatus status = RawJsonStatus.of(file);
        assertTrue(status.logs().stream().anyMatch(line -> line.contains("the files it copies changed")), status.logs().toString());
        assertEquals(1, status.cached().size(), file.err());
    }

    @Test
    void copyFromAStageIsKeyedOnTheFilesItCopiesNotOnTheStage() throws Exception {
        Path ctx = context(String.join("\n",
                "FROM busybox AS build",
                "ARG MODE=644",
                "COPY src.txt /src.txt",
                "RUN mkdir /out && grep -v '^#' /src.txt > /out/bin && chmod $MODE /out/bin",
                "FROM busybox",
                "COPY --from=build /out/bin /copied",
                "RUN cat /copied > /seen",
                ""));
        Files.writeString(ctx.resolve("src.txt"), "# comment one\ncode\n");
        assertEquals(0, CommandRun.of("build", store, ctx.toString()).status());

        Files.writeString(ctx.resolve("src.txt"), "# comment two, same code\ncode\n");
        RawJsonStatus comment = RawJsonStatus.of(CommandRun.of("build", store, "--progress=rawjson", "--explain-cache",
                ctx.toString()));
        assertFalse(comment.cachedStep("RUN mkdir /out && grep -v '^#' /src.txt > /out/bin && chmod $MODE /out/bin"),
                comment.names().toString());
        assertTrue(comment.cachedStep("COPY --from=build /out/bin /copied") && comment.cachedStep("RUN cat /copied > /seen"),
                "the stage made the same file, so the copy and what follows are cached: " + comment.cached());

        Files.writeString(ctx.resolve("src.txt"), "# comment two, same code\ncode changed\n");
        RawJsonStatus content = RawJsonStatus.of(CommandRun.of("build", store, "--progress=rawjson", "--explain-cache",
                ctx.toString()));
        assertFalse(content.cachedStep("COPY --from=build /out/bin /copied"), content.cached().toString());
        assertTrue(content.logs().stream().anyMatch(line -> line.contains("the files it copies changed")),
                content.logs().toString());

        RawJsonStatus mode = RawJsonStatus.of(CommandRun.of("build", store, "--progress=rawjson", "--build-arg", "MODE=755",
                ctx.toString()));
        assertFalse(mode.cachedStep("COPY --from=build /out/bin /copied"), "the copied file's mode changed: " + mode.cached());
    }

    @Test
    void aStepOpensDevStdoutAndDevStderrAsLogLinksDo() throws Exception {
        Path ctx = context("FROM busybox\nRUN ln -s /dev/stderr /error.log && echo to-stderr > /error.log"
                + " && echo to-stdout > /dev/stdout\n");
        CommandRun build = CommandRun.of("build", store, "--progress=plain", ctx.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("to-stderr") && build.err().contains("to-stdout"), build.err());
    }
}
