package dev.jbuild.core.store;

import dev.jbuild.core.export.ArchiveFormat;
import dev.jbuild.core.export.ImageArchive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports a real rootfs tarball and checks the result with tools nobody here wrote: umoci, skopeo, tar. */
class RootfsImportAndSaveIT {

    private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path dir;

    private Path rootfsTarball() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/hostname"), "box\n");
        Path tool = tree.resolve("bin/tool");
        Files.writeString(tool, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(tree.resolve("bin/alias"), Path.of("tool"));
        Path tarball = dir.resolve("rootfs.tar");
        run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", tree.toString(), "-cf",
                tarball.toString(), "."));
        return tarball;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }

    private static void requireTool(String tool, String pkg) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        assertEquals(0, p.waitFor(), "the " + tool + " tool is missing: apt-get install " + pkg);
    }

    private StoredImage importInto(Path storeDir, Path tarball) {
        return new RootfsImporter(new ImageStore(storeDir), LayerWriter.Options.defaults())
                .importTarball(tarball, "docker.io/library/box:latest", HostPlatform.current(), EPOCH);
    }

    @Test
    void importingTheSameTarballTwiceGivesTheSameDigest() throws Exception {
        Path tarball = rootfsTarball();
        StoredImage first = importInto(dir.resolve("a"), tarball);
        StoredImage second = importInto(dir.resolve("b"), tarball);
        assertEquals(first.manifest().digest(), second.manifest().digest());
    }

    @Test
    void umociUnpacksTheStoreIntoTheExpectedTree() throws Exception {
        requireTool("umoci", "umoci");
        Path store = dir.resolve("store");
        importInto(store, rootfsTarball());
        Path bundle = dir.resolve("bundle");
        run(List.of("umoci", "unpack", "--rootless", "--image", store + ":docker.io/library/box:latest",
                bundle.toString()));
        assertEquals("box\n", Files.readString(bundle.resolve("rootfs/etc/hostname")));
        assertEquals(Path.of("tool"), Files.readSymbolicLink(bundle.resolve("rootfs/bin/alias")));
        assertTrue(Files.isExecutable(bundle.resolve("rootfs/bin/tool")));
    }

    @Test
    void skopeoReadsTheStoreAndTheOciArchive() throws Exception {
        requireTool("skopeo", "skopeo");
        Path store = dir.resolve("store");
        StoredImage image = importInto(store, rootfsTarball());
        String inspect = run(List.of("skopeo", "inspect", "oci:" + store + ":docker.io/library/box:latest"));
        JsonNode json = new ObjectMapper().readTree(inspect);
        assertEquals(image.manifest().digest().toString(), json.get("Digest").asText());
        assertEquals(1, json.get("Layers").size());

        Path archive = dir.resolve("box-oci.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            new ImageArchive(new ImageStore(store)).write(List.of(image), ArchiveFormat.OCI, out);
        }
        Path copied = dir.resolve("copied");
        run(List.of("skopeo", "copy", "oci-archive:" + archive + ":latest",
                "oci:" + copied + ":again"));
        String again = run(List.of("skopeo", "inspect", "oci:" + copied + ":again"));
        assertEquals(image.manifest().digest().toString(),
                new ObjectMapper().readTree(again).get("Digest").asText());
    }

    @Test
    void dockerArchiveHasManifestJsonWithFamiliarTagsAndItsBlobs() throws Exception {
        Path store = dir.resolve("store");
        StoredImage image = importInto(store, rootfsTarball());
        Path archive = dir.resolve("box-docker.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            new ImageArchive(new ImageStore(store)).write(List.of(image), ArchiveFormat.DOCKER, out);
        }
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        run(List.of("tar", "-C", unpacked.toString(), "-xf", archive.toString()));
        JsonNode manifest = new ObjectMapper().readTree(unpacked.resolve("manifest.json").toFile());
        assertEquals("box:latest", manifest.at("/0/RepoTags/0").asText());
        for (JsonNode layer : manifest.at("/0/Layers")) {
            assertTrue(Files.isRegularFile(unpacked.resolve(layer.asText())), layer.asText());
        }
        assertTrue(Files.isRegularFile(unpacked.resolve(manifest.at("/0/Config").asText())));
        assertTrue(Files.readString(unpacked.resolve("repositories")).contains("\"box\""));
    }
}
