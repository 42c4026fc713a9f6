package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two data directories stand for two CI machines that share work through {@code --cache-to} and
 * {@code --cache-from}: a real docker-registry on 127.0.0.1, or an OCI layout directory. RUN
 * commands print text that differs from their own (ran-$((40+1)) prints ran-41), so the output
 * shows which steps really ran.
 */
@ExtendWith(RegistryExtension.class)
class RemoteCacheIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String EPOCH = "--build-arg=SOURCE_DATE_EPOCH=1700000000";
    private static final Pattern MANIFEST = Pattern.compile("\"containerimage.digest\": \"(sha256:[0-9a-f]{64})\"");

    @TempDir
    Path dir;

    /** A fresh data directory with the same busybox base image every machine makes. */
    private String machine(String name) throws Exception {
        String store = "--cache-dir=" + dir.resolve(name);
        Process base = new ProcessBuilder(REPO.resolve("testdata/base-images/busybox/build").toString(),
                "busybox:latest", store).redirectErrorStream(true).start();
        String out = new String(base.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(base.waitFor(300, TimeUnit.SECONDS) && base.exitValue() == 0, out);
        return store;
    }

    private Path context(String dockerfile) throws IOException {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        Files.writeString(context.resolve("data.txt"), "data\n");
        return context;
    }

    /** A build's progress events (rawjson) and the manifest digest its metadata file names. */
    private record Built(String err, RawJsonStatus status, String manifest) {

        boolean printed(String line) {
            return status.logs().contains(line);
        }

        boolean printedAnyStartingWith(String prefix) {
            return status.logs().stream().anyMatch(line -> line.startsWith(prefix));
        }

        boolean hasStep(String name) {
            return status.names().stream().anyMatch(step -> step.contains(name));
        }

        boolean warned(String message) {
            return status.warnings().stream().anyMatch(warning -> warning.contains(message));
        }

        int cached() {
            return status.cached().size();
        }
    }

    private Built build(String store, Path context, String... flags) throws IOException {
        Path metadata = Files.createTempFile(dir, "metadata", ".json");
        List<String> args = new ArrayList<>(List.of("build", store, EPOCH, "--progress=rawjson", "--metadata-file=" + metadata));
        args.addAll(List.of(flags));
        args.add(context.toString());
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        String written = Files.readString(metadata);
        Matcher manifest = MANIFEST.matcher(written);
        assertTrue(manifest.find(), written);
        return new Built(run.err(), RawJsonStatus.of(run), manifest.group(1));
    }

    private static final String STEPS = """
            FROM busybox
            RUN echo ran-$((40+1)) && echo one > /one
            COPY data.txt /data.txt
            RUN echo ran-$((40+2)) && cat /data.txt /one > /both
            WORKDIR /app
            RUN echo ran-$((40+3))
            """;

    @Test
    void machineBImportsFromTheRegistryRunsNoStepAndBuildsTheSameImage(LocalRegistry registry) throws Exception {
        String ref = registry.address() + "/team/app:buildcache";
        Path ctx = context(STEPS);
        Built a = build(machine("a"), ctx, "--cache-to", "type=registry,ref=" + ref);
        assertTrue(a.printed("ran-41") && a.printed("ran-43"), a.err());
        assertTrue(a.hasStep("exporting cache to " + ref), a.err());

        String b = machine("b");
        Built imported = build(b, ctx, "--cache-from", "type=registry,ref=" + ref);
        assertTrue(imported.hasStep("importing cache manifest from " + ref), imported.err());
        assertFalse(imported.printedAnyStartingWith("ran-4"), imported.err());
        assertEquals(5, imported.cached(), imported.err());
        assertEquals(List.of(), imported.status().warnings(), imported.err());
        assertEquals(a.manifest(), imported.manifest());

        // what was imported is now local: without --cache-from, every step is still cached
        Built local = build(b, ctx);
        assertEquals(5, local.cached(), local.err());
        assertEquals(a.manifest(), local.manifest());
    }

    @Test
    void onlyModeMaxCarriesTheStepsOfStagesOutsideTheImage(LocalRegistry registry) throws Exception {
        String min = registry.address() + "/team/app:cache-min";
        String max = registry.address() + "/team/app:cache-max";
        Path ctx = context("""
                FROM busybox AS build
                RUN echo built-$((1+1)) && echo payload > /payload
                FROM busybox
                COPY --from=build /payload /payload
                RUN echo final-$((1+2)) && cat /payload > /copy
                """);
        Built a = build(machine("a"), ctx, "--cache-to", "type=registry,ref=" + min,
                "--cache-to", "type=registry,ref=" + max + ",mode=max");
        assertTrue(a.printed("built-2") && a.printed("final-3"), a.err());

        Built fromMin = build(machine("b-min"), ctx, "--cache-from", min);
        assertTrue(fromMin.printed("built-2"), fromMin.err());
        assertFalse(fromMin.printed("final-3"), fromMin.err());

        Built fromMax = build(machine("b-max"), ctx, "--cache-from", "type=registry,ref=" + max);
        assertFalse(fromMax.printed("built-2") || fromMax.printed("final-3"), fromMax.err());
        assertEquals(3, fromMax.cached(), fromMax.err());
        assertEquals(a.manifest(), fromMax.manifest());
    }

    @Test
    void aLocalLayoutDirectoryCarriesTheCacheAndOciToolsReadIt() throws Exception {
        Path shared = dir.resolve("shared-cache");
        Path ctx = context(STEPS);
        Built a = build(machine("a"), ctx, "--cache-to", "type=local,dest=" + shared);
        assertTrue(a.hasStep("exporting cache to " + shared), a.err());

        String manifest = skopeo("inspect", "--raw", "oci:" + shared + ":latest");
        assertTrue(manifest.contains("application/vnd.jbuild.cache.config.v1+json"), manifest);

        Built b = build(machine("b"), ctx, "--cache-from", "type=local,src=" + shared);
        assertFalse(b.printedAnyStartingWith("ran-4"), b.err());
        assertEquals(5, b.cached(), b.err());
        assertEquals(a.manifest(), b.manifest());
    }

    @Test
    void aCacheThatIsNotThereIsAWarningAndTheStepsRun(LocalRegistry registry) throws Exception {
        String ref = registry.address() + "/team/never:pushed";
        Path nowhere = dir.resolve("no-such-dir");
        Built run = build(machine("a"), context(STEPS), "--cache-from", "type=registry,ref=" + ref,
                "--cache-from", "type=local,src=" + nowhere);
        assertTrue(run.warned("cannot import cache " + ref), run.err());
        assertTrue(run.warned("cannot import cache " + nowhere), run.err());
        assertTrue(run.printed("ran-41") && run.printed("ran-43"), run.err());
    }

    @Test
    void badCacheFlagsAreBadUsageNamingTheFlag() throws Exception {
        Path ctx = context(STEPS);
        String store = "--cache-dir=" + dir.resolve("unused");
        CommandRun type = CommandRun.of("build", store, "--cache-to", "type=s3,ref=x", ctx.toString());
        assertEquals(2, type.status(), type.err());
        assertTrue(type.err().contains("--cache-to type=s3,ref=x: type=s3 is not supported"), type.err());
        CommandRun src = CommandRun.of("build", store, "--cache-from", "type=local", ctx.toString());
        assertEquals(2, src.status(), src.err());
        assertTrue(src.err().contains("--cache-from type=local: type=local needs src=DIR"), src.err());
    }

    private static String skopeo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("the skopeo tool is missing: apt-get install skopeo", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }
}
