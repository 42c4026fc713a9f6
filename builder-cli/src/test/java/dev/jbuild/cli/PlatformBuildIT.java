package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.RegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --platform} for another architecture, on an x86_64 host with qemu-user-static's
 * aarch64 interpreter registered (scripts/test registers it): a RUN step runs as arm64 in every
 * sandbox, as root and as an ordinary user, and the image says arm64, as BuildKit's; two
 * platforms make an index in an OCI archive (which skopeo and podman read) and in a registry; a
 * platform with no registered interpreter fails before its RUN starts, naming what to install,
 * while a build that only copies needs none.
 */
@ExtendWith(RegistryExtension.class)
class PlatformBuildIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "jbtest";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsEmulator() {
        if (!Files.exists(BINFMT.resolve("qemu-aarch64"))) {
            fail("the arm64 tests need qemu-user-static's interpreter registered in " + BINFMT
                    + ": apt-get install qemu-user-static, then as root: cat /usr/lib/binfmt.d/qemu-aarch64.conf > "
                    + BINFMT.resolve("register") + " (scripts/test does both)");
        }
    }

    @Test
    void runStepOfAnArm64BuildRunsAsAarch64AndTheConfigSaysArm64() throws Exception {
        Path store = dir.resolve("store");
        baseImage("busybox:latest", "linux/arm64", store);
        Path context = context("FROM busybox", "ARG TARGETPLATFORM", "ARG TARGETARCH", "ARG BUILDPLATFORM",
                "RUN uname -m > /arch && echo \"$TARGETPLATFORM $TARGETARCH $BUILDPLATFORM\" > /args");
        Path archive = dir.resolve("arm.tar");
        CommandRun build = CommandRun.of("build", "--cache-dir=" + store, "--platform", "linux/arm64",
                "-o", "type=oci,dest=" + archive, context.toString());
        assertEquals(0, build.status(), build.err());

        Path layout = unpack(archive);
        JsonNode manifest = blob(layout, JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0));
        JsonNode config = blob(layout, manifest.get("config"));
        assertEquals("arm64", config.get("architecture").asText());
        assertEquals("linux", config.get("os").asText());
        assertFalse(config.has("variant"), config.toString());
        Map<String, String> files = topLayerFiles(layout, manifest);
        assertEquals("aarch64\n", files.get("arch"));
        assertEquals("linux/arm64 arm64 linux/amd64\n", files.get("args"));
    }

    /**
     * Each case of testdata/platforms built for linux/arm64 gives exactly the image tree Docker's
     * BuildKit gave (its buildkit.tree, made by testdata/platforms/regenerate), and a config that
     * says arm64 with no variant, as BuildKit's does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"arm64-run", "cross"})
    void arm64BuildMatchesBuildKit(String name) throws Exception {
        Path tools = REPO.resolveSibling("shared").resolve("tools");
        assertTrue(Files.isDirectory(tools), "../shared/tools is missing beside the repository: " + tools);
        Path store = dir.resolve("store");
        baseImage("busybox-amd64:latest", "linux/amd64", store);
        baseImage("busybox-arm64:latest", "linux/arm64", store);
        Path testCase = REPO.resolve("testdata/platforms").resolve(name);
        Path archive = dir.resolve(name + ".tar");
        CommandRun build = CommandRun.of("build", "--cache-dir=" + store, "--platform", "linux/arm64",
                "-o", "type=oci,dest=" + archive, testCase.toString());
        assertEquals(0, build.status(), build.err());
        assertEquals(Files.readString(testCase.resolve("buildkit.tree")),
                run(List.of(tools.resolve("image-tree").toString(), archive.toString())));
        Path layout = unpack(archive);
        JsonNode manifest = blob(layout, JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0));
        JsonNode config = blob(layout, manifest.get("config"));
        assertEquals("arm64 linux null", config.get("architecture").asText() + " " + config.get("os").asText() + " "
                + config.get("variant"));
    }

    /** The same RUN, built by an ordinary user in each sandbox: qemu runs inside the step's namespaces. */
    @ParameterizedTest
    @ValueSource(strings = {"unshare", "bwrap", "oci"})
    void arm64RunWorksInEverySandboxAsAnOrdinaryUser(String sandbox) throws Exception {
        assertEquals(0, new ProcessBuilder("id", USER).start().waitFor(),
                "user " + USER + " is missing: scripts/test creates it (useradd, with a range in /etc/subuid)");
        Path work = Files.createTempDirectory("jbuild-platform");
        try {
            Path jar = REPO.resolve("builder-cli/target/jbuild.jar");
            run(List.of("cp", "-r", jar.toString(), jar.resolveSibling("lib").toString(), work.toString()));
            Path store = work.resolve("store");
            baseImage("busybox:latest", "linux/arm64", store);
            Path context = Files.createDirectories(work.resolve("ctx"));
            Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN uname -m > /arch\n");
            run(List.of("chown", "-R", USER, work.toString()));
            run(List.of("chmod", "755", work.toString()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path archive = work.resolve("out.tar");
            run(List.of("runuser", "-u", USER, "--", java, "-jar", work.resolve("jbuild.jar").toString(), "build",
                    "--cache-dir=" + store, "--sandbox=" + sandbox, "--platform", "linux/arm64",
                    "-o", "type=oci,dest=" + archive, context.toString()));
            Path layout = unpack(archive);
            JsonNode manifest = blob(layout, JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0));
            assertEquals("aarch64\n", topLayerFiles(layout, manifest).get("arch"));
        } finally {
            run(List.of("rm", "-rf", work.toString()));
        }
    }

    @Test
    void twoPlatformsMakeAnIndexInTheArchiveAndInTheRegistry(LocalRegistry registry) throws Exception {
        Path store = dir.resolve("store");
        baseImage("busybox-amd64:latest", "linux/amd64", store);
        baseImage("busybox-arm64:latest", "linux/arm64", store);
        Path context = context("ARG TARGETARCH", "FROM busybox-$TARGETARCH", "RUN uname -m > /arch");
        Path archive = dir.resolve("multi.tar");
        String name = registry.address() + "/multi:1";
        CommandRun build = CommandRun.of("build", "--cache-dir=" + store, "--platform", "linux/amd64,linux/arm64",
                "-t", name, "-o", "type=oci,dest=" + archive, "--push", context.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("[linux/arm64 2/2] RUN uname -m > /arch"), build.err());
        assertTrue(build.err().contains("[linux/amd64 2/2] RUN uname -m > /arch"), build.err());

        Path layout = unpack(archive);
        JsonNode top = JSON.readTree(layout.resolve("index.json").toFile()).get("manifests");
        assertEquals(1, top.size(), top.toString());
        assertEquals("application/vnd.oci.image.index.v1+json", top.get(0).get("mediaType").asText());
        JsonNode entries = blob(layout, top.get(0)).get("manifests");
        assertEquals(2, entries.size(), entries.toString());
        Map<String, String> archByPlatform = new HashMap<>();
        for (JsonNode entry : entries) {
            String platform = entry.get("platform").get("os").asText() + "/" + entry.get("platform").get("architecture").asText();
            JsonNode manifest = blob(layout, entry);
            assertEquals(entry.get("platform").get("architecture").asText(),
                    blob(layout, manifest.get("config")).get("architecture").asText());
            archByPlatform.put(platform, topLayerFiles(layout, manifest).get("arch"));
        }
        assertEquals(Map.of("linux/amd64", "x86_64\n", "linux/arm64", "aarch64\n"), archByPlatform);

        String raw = run(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + name));
        JsonNode pushed = JSON.readTree(raw);
        assertEquals("application/vnd.oci.image.index.v1+json", pushed.get("mediaType").asText());
        assertEquals(entries, pushed.get("manifests"));
        String arm = run(List.of("skopeo", "inspect", "--tls-verify=false", "--override-arch", "arm64", "docker://" + name));
        assertEquals("arm64", JSON.readTree(arm).get("Architecture").asText());

        String fromArchive = run(List.of("skopeo", "inspect", "--override-arch", "arm64", "oci-archive:" + archive));
        assertEquals("arm64", JSON.readTree(fromArchive).get("Architecture").asText());
        // podman loads this machine's platform from the index (in a storage of the test's own)
        List<String> podman = List.of("podman", "--root", dir.resolve("podman-root").toString(), "--runroot",
                dir.resolve("podman-run").toString(), "--storage-driver", "vfs", "--events-backend", "none",
                "--cgroup-manager", "cgroupfs");
        List<String> podmanLoad = new ArrayList<>(podman);
        podmanLoad.addAll(List.of("load", "-i", archive.toString()));
        assertTrue(run(podmanLoad).contains("Loaded image: " + name), "podman load");
        List<String> podmanInspect = new ArrayList<>(podman);
        podmanInspect.addAll(List.of("image", "inspect", "--format", "{{.Architecture}}", name));
        assertEquals("amd64\n", run(podmanInspect));

        // built on from the registry by both platforms, the pushed index leaves the host's image under its name
        Path other = dir.resolve("other-store");
        CommandRun fromIndex = CommandRun.of("build", "--cache-dir=" + other, "--platform", "linux/amd64,linux/arm64",
                context("FROM " + name, "RUN uname -m > /again").toString());
        assertEquals(0, fromIndex.status(), fromIndex.err());
        CommandRun inspect = CommandRun.of("inspect", "--cache-dir=" + other, name);
        assertEquals(0, inspect.status(), inspect.err());
        assertEquals("amd64", JSON.readTree(inspect.out()).get("config").get("architecture").asText());

        CommandRun load = CommandRun.of("build", "--cache-dir=" + store, "--platform", "linux/amd64,linux/arm64",
                "-o", "type=docker,dest=" + dir.resolve("d.tar"), context.toString());
        assertNotEquals(0, load.status());
        assertTrue(load.err().contains("docker exporter does not currently support exporting manifest lists"), load.err());
    }

    /**
     * BuildKit's cross-build idiom: a stage {@code FROM --platform=$BUILDPLATFORM} runs natively
     * for each target, and the target's stage copies what it made; Docker 20.10's BuildKit gives
     * the same files for this Dockerfile.
     */
    @Test
    void buildPlatformStageRunsNativelyForEachTarget() throws Exception {
        Path store = dir.resolve("store");
        baseImage("busybox-amd64:latest", "linux/amd64", store);
        baseImage("busybox-arm64:latest", "linux/arm64", store);
        Path context = context("FROM --platform=$BUILDPLATFORM busybox-amd64 AS tools", "ARG TARGETARCH",
                "RUN echo \"built on $(uname -m) for $TARGETARCH\" > /made", "FROM busybox-$TARGETARCH",
                "COPY --from=tools /made /made", "RUN uname -m > /arch");
        Path archive = dir.resolve("cross.tar");
        CommandRun build = CommandRun.of("build", "--cache-dir=" + store, "--progress=plain",
                "--platform", "linux/amd64,linux/arm64", "-o", "type=oci,dest=" + archive, context.toString());
        assertEquals(0, build.status(), build.err());
        assertTrue(build.err().contains("[linux/amd64->arm64 tools 2/2] RUN echo"), build.err());
        assertTrue(build.err().contains("[linux/amd64 tools 2/2] RUN echo"), build.err());

        Path layout = unpack(archive);
        JsonNode entries = blob(layout, JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0))
                .get("manifests");
        Map<String, String> made = new HashMap<>();
        for (JsonNode entry : entries) {
            JsonNode manifest = blob(layout, entry);
            JsonNode layers = manifest.get("layers");
            String copied = layerFiles(layout, layers.get(layers.size() - 2)).get("made");
            made.put(entry.get("platform").get("architecture").asText(),
                    copied + topLayerFiles(layout, manifest).get("arch"));
        }
        assertEquals(Map.of("amd64", "built on x86_64 for amd64\nx86_64\n", "arm64", "built on x86_64 for arm64\naarch64\n"),
                made);
    }

    /** One export holds both platforms' records, and another machine's build of both hits them all. */
    @Test
    void sharedCacheOfATwoPlatformBuildAnswersBothPlatforms() throws Exception {
        Path cache = dir.resolve("shared-cache");
        Path context = context("ARG TARGETARCH", "FROM busybox-$TARGETARCH", "RUN echo ran-$(uname -m)");
        Path first = dir.resolve("first");
        baseImage("busybox-amd64:latest", "linux/amd64", first);
        baseImage("busybox-arm64:latest", "linux/arm64", first);
        CommandRun exported = CommandRun.of("build", "--cache-dir=" + first, "--progress=plain",
                "--platform", "linux/amd64,linux/arm64", "--cache-to", "type=local,dest=" + cache + ",mode=max",
                context.toString());
        assertEquals(0, exported.status(), exported.err());
        assertTrue(exported.err().contains("ran-x86_64") && exported.err().contains("ran-aarch64"), exported.err());

        Path second = dir.resolve("second");
        baseImage("busybox-amd64:latest", "linux/amd64", second);
        baseImage("busybox-arm64:latest", "linux/arm64", second);
        CommandRun imported = CommandRun.of("build", "--cache-dir=" + second, "--progress=plain",
                "--platform", "linux/amd64,linux/arm64", "--cache-from", "type=local,src=" + cache, context.toString());
        assertEquals(0, imported.status(), imported.err());
        assertFalse(imported.err().contains("ran-x86_64") || imported.err().contains("ran-aarch64"), imported.err());
    }

    @Test
    void platformWithoutAnInterpreterFailsBeforeItsRunWithWhatToInstall() throws Exception {
        String platform = unregisteredPlatform();
        Path store = dir.resolve("store");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "x\n");
        Path tar = dir.resolve("rootfs.tar");
        run(List.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), "."));
        CommandRun imported = CommandRun.of("import", "--cache-dir=" + store, "--platform", platform, tar.toString(), "foreign");
        assertEquals(0, imported.status(), imported.err());

        CommandRun copyOnly = CommandRun.of("build", "--cache-dir=" + store, "--platform", platform,
                context("FROM foreign", "COPY Dockerfile /").toString());
        assertEquals(0, copyOnly.status(), copyOnly.err());

        CommandRun build = CommandRun.of("build", "--cache-dir=" + store, "--platform", platform,
                context("FROM foreign", "RUN echo never").toString());
        assertNotEquals(0, build.status());
        assertTrue(build.err().contains("RUN steps for " + platform + " need an emulator"), build.err());
        assertTrue(build.err().contains("qemu-user-static"), build.err());
        assertTrue(build.err().contains("Dockerfile:2"), build.err());
        assertFalse(build.err().contains("exec format error"), build.err());
    }

    // One that qemu-user-static covers and scripts/test leaves unregistered.
    private static String unregisteredPlatform() {
        for (String arch : List.of("s390x", "riscv64", "ppc64le")) {
            if (!Files.exists(BINFMT.resolve("qemu-" + arch))) {
                return "linux/" + arch;
            }
        }
        return fail("every candidate architecture has an interpreter registered in " + BINFMT
                + "; unregister one (echo -1 > " + BINFMT.resolve("qemu-s390x") + ") to run this test");
    }

    private void baseImage(String name, String platform, Path store) throws IOException, InterruptedException {
        run(List.of(REPO.resolve("testdata/base-images/busybox/build").toString(), name, "--platform", platform,
                "--cache-dir=" + store));
    }

    private Path context(String... lines) throws IOException {
        Path context = Files.createTempDirectory(dir, "ctx");
        Files.writeString(context.resolve("Dockerfile"), String.join("\n", lines) + "\n");
        return context;
    }

    private Path unpack(Path archive) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(dir, "layout");
        run(List.of("tar", "-xf", archive.toString(), "-C", out.toString()));
        return out;
    }

    private static JsonNode blob(Path layout, JsonNode descriptor) throws IOException {
        return JSON.readTree(layout.resolve("blobs/sha256").resolve(descriptor.get("digest").asText().substring(7)).toFile());
    }

    // The regular files of the manifest's last layer and their contents.
    private Map<String, String> topLayerFiles(Path layout, JsonNode manifest) throws IOException, InterruptedException {
        JsonNode layers = manifest.get("layers");
        return layerFiles(layout, layers.get(layers.size() - 1));
    }

    private Map<String, String> layerFiles(Path layout, JsonNode descriptor) throws IOException, InterruptedException {
        Path layer = layout.resolve("blobs/sha256").resolve(descriptor.get("digest").asText().substring(7));
        Path out = Files.createTempDirectory(dir, "layer");
        run(List.of("tar", "-xf", layer.toString(), "-C", out.toString()));
        Map<String, String> files = new HashMap<>();
        try (var walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(out.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("platform-it", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
            assertEquals(0, p.exitValue(), command + " failed:\n" + out + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
