package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.LayerConversions;
import dev.jbuild.core.testing.Command;
import dev.jbuild.core.testing.LocalRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each output type writes what it says, checked with tools jbuild did not write: umoci, skopeo, tar, zstd. */
class ExportersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ExportedImage image(String... names) throws IOException {
        return TwoLayerImage.in(dir.resolve("store"), dir.resolve("scratch"), List.of(names));
    }

    private void export(String output, ExportedImage image, OutputStream stdout) throws IOException {
        Exporters.create(OutputSpec.parse(output), new ExportTargets(stdout, false, image.names()), warnings::add)
                .export(image, log::add);
    }

    private void export(String output, ExportedImage image) throws IOException {
        export(output, image, OutputStream.nullOutputStream());
    }

    private static void requireTool(String tool, String debianPackage) {
        if (!Command.available(tool)) {
            fail(tool + " is missing: apt-get install " + debianPackage);
        }
    }

    private String run(String... argv) throws Exception {
        return Command.of(dir, argv).run();
    }

    /** Exports to a tar file named after the output and returns the file. */
    private Path tarOf(String output, ExportedImage image) throws Exception {
        Path tar = dir.resolve(output.replaceAll("[^a-z0-9]+", "-") + ".tar");
        export(output + ",dest=" + tar, image);
        return tar;
    }

    /** Exports to a layout directory named after the output and returns it. */
    private Path layoutOf(String output, ExportedImage image) throws Exception {
        Path layout = dir.resolve(output.replaceAll("[^a-z0-9]+", "-"));
        export(output + ",dest=" + layout, image);
        return layout;
    }

    private JsonNode firstIndexEntry(Path tar) throws Exception {
        return jsonInTar(tar, "index.json").at("/manifests/0");
    }

    private JsonNode jsonInTar(Path tar, String member) throws Exception {
        return JSON.readTree(run("tar", "-xOf", tar.toString(), member));
    }

    @Test
    void ociArchiveNamesItsImageAsContainerdSoSkopeoFindsTheTag() throws Exception {
        requireTool("skopeo", "skopeo");
        ExportedImage image = image(TwoLayerImage.NAME);
        Path archive = tarOf("type=oci", image);

        JsonNode entry = firstIndexEntry(archive);
        assertEquals("latest", entry.at("/annotations/org.opencontainers.image.ref.name").asText());
        assertEquals(TwoLayerImage.NAME, entry.at("/annotations/io.containerd.image.name").asText());
        JsonNode inspect = JSON.readTree(run("skopeo", "inspect", "oci-archive:" + archive + ":latest"));
        assertEquals(image.manifest().digest().toString(), inspect.get("Digest").asText());
        assertEquals(2, inspect.get("Layers").size());
    }

    @Test
    void ociLayoutDirectoryWithTarFalseUnpacksWithUmoci() throws Exception {
        requireTool("umoci", "umoci");
        ExportedImage image = image(TwoLayerImage.NAME);
        Path layout = layoutOf("type=oci,tar=false", image);

        Path bundle = dir.resolve("bundle");
        run("umoci", "unpack", "--rootless", "--image", layout + ":latest", bundle.toString());
        assertEquals("two\n", Files.readString(bundle.resolve("rootfs/etc/hostname")));
        assertFalse(Files.exists(bundle.resolve("rootfs/gone")), "the second layer whites out /gone");
    }

    @Test
    void nameAttributeNamesTheArchiveInsteadOfTheBuildsNames() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        Path archive = tarOf("type=oci,\"name=other:1,registry.test/team/app:2\"", image);

        JsonNode manifests = jsonInTar(archive, "index.json").get("manifests");
        assertEquals(2, manifests.size());
        assertEquals("docker.io/library/other:1", manifests.at("/0/annotations/io.containerd.image.name").asText());
        assertEquals("1", manifests.at("/0/annotations/org.opencontainers.image.ref.name").asText());
        assertEquals("registry.test/team/app:2", manifests.at("/1/annotations/io.containerd.image.name").asText());
        assertEquals("2", manifests.at("/1/annotations/org.opencontainers.image.ref.name").asText());
    }

    @Test
    void zstdCompressionWritesZstdLayersWhoseTarsStillMatchTheDiffIds() throws Exception {
        requireTool("zstd", "zstd");
        ExportedImage image = image(TwoLayerImage.NAME);
        Path layout = layoutOf("type=oci,tar=false,compression=zstd,compression-level=5", image);

        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = firstManifest(layout);
        List<Digest> diffIds = TwoLayerImage.diffIds(image, image.manifest());
        assertEquals(2, manifest.get("layers").size());
        for (int i = 0; i < 2; i++) {
            JsonNode layer = manifest.get("layers").get(i);
            assertEquals(MediaType.OCI_LAYER_ZSTD, layer.get("mediaType").asText());
            Path plain = dir.resolve("layer" + i + ".tar");
            Command.of(dir, "zstd", "-dc", blob(layout, layer.get("digest").asText()).toString()).runTo(plain);
            assertEquals(diffIds.get(i), Digest.sha256(Files.readAllBytes(plain)));
        }
        assertEquals(image.configDigest().toString(), manifest.at("/config/digest").asText(),
                "recompressing changes no diff_id, so the config stays the same blob");
        assertTrue(!index.at("/manifests/0/digest").asText().equals(image.manifest().digest().toString()));
    }

    @Test
    void forceCompressionRecompressesLayersAlreadyInGzip() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        Path layout = layoutOf("type=oci,tar=false,force-compression=true,compression-level=1", image);
        JsonNode manifest = firstManifest(layout);
        JsonNode original = JSON.readTree(image.store().readBlob(image.manifest().digest()));
        assertEquals(MediaType.OCI_LAYER_GZIP, manifest.at("/layers/0/mediaType").asText());
        assertFalse(manifest.at("/layers/0/digest").equals(original.at("/layers/0/digest")),
                "level 1 gives other gzip bytes than the store's level 6");
        JsonNode same = JSON.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile());
        assertEquals(TwoLayerImage.diffIds(image, image.manifest()).get(0).toString(), same.at("/rootfs/diff_ids/0").asText());
    }

    @Test
    void uncompressedLayersAreTheTarsThemselves() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        Path layout = layoutOf("type=oci,tar=false,compression=uncompressed", image);

        JsonNode manifest = firstManifest(layout);
        JsonNode layer = manifest.at("/layers/0");
        assertEquals(MediaType.OCI_LAYER, layer.get("mediaType").asText());
        assertEquals(TwoLayerImage.diffIds(image, image.manifest()).get(0).toString(), layer.get("digest").asText());
    }

    @Test
    void dockerArchiveHasDockerMediaTypesAndFamiliarTags() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        Path archive = tarOf("type=docker", image);

        assertEquals("box:latest", jsonInTar(archive, "manifest.json").at("/0/RepoTags/0").asText());
        JsonNode entry = firstIndexEntry(archive);
        assertEquals(MediaType.DOCKER_MANIFEST, entry.get("mediaType").asText());
        JsonNode manifest = jsonInTar(archive, "blobs/sha256/" + entry.get("digest").asText().substring(7));
        assertEquals(MediaType.DOCKER_CONFIG, manifest.at("/config/mediaType").asText());
        assertEquals(MediaType.DOCKER_LAYER_GZIP, manifest.at("/layers/0/mediaType").asText());
    }

    @Test
    void ociMediatypesTrueKeepsADockerArchiveOci() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        JsonNode entry = firstIndexEntry(tarOf("type=docker,oci-mediatypes=true", image));
        assertEquals(image.manifest().digest().toString(), entry.get("digest").asText());
    }

    @Test
    void annotationsGoOnTheManifestAndTheIndex() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        Path layout = dir.resolve("annotated");
        export("type=oci,tar=false,annotation.org.opencontainers.image.title=box,"
                + "annotation-index.org.opencontainers.image.vendor=jb,dest=" + layout, image);
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertEquals("jb", index.at("/annotations/org.opencontainers.image.vendor").asText());
        JsonNode manifest = firstManifest(layout);
        assertEquals("box", manifest.at("/annotations/org.opencontainers.image.title").asText());
    }

    @Test
    void destDashWritesTheArchiveToTheGivenStream() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        export("type=oci,dest=-", image, stdout);
        Path written = dir.resolve("from-stdout.tar");
        Files.write(written, stdout.toByteArray());
        assertEquals("latest", firstIndexEntry(written).at("/annotations/org.opencontainers.image.ref.name").asText());
        assertFalse(Files.exists(dir.resolve("-")), "dest=- is standard output, not a file named -");
    }

    @Test
    void destDashOnATerminalIsRefused() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        ExportOptionException e = assertThrows(ExportOptionException.class, () -> Exporters.create(
                OutputSpec.parse("-"), new ExportTargets(OutputStream.nullOutputStream(), true, image.names()),
                warnings::add));
        assertTrue(e.getMessage().startsWith("--output -: dest=- would write a tar to the terminal"), e.getMessage());
    }

    @Test
    void localWritesTheFilesWithLayersAppliedInOrder() throws Exception {
        ExportedImage image = image();
        Path out = dir.resolve("files");
        export(out.toString(), image);
        assertEquals("two\n", Files.readString(out.resolve("etc/hostname")));
        assertTrue(Files.isRegularFile(out.resolve("bin/tool")));
        assertFalse(Files.exists(out.resolve("gone")));
    }

    @Test
    void tarWritesTheFilesAsOneTarToAFileOrTheStream() throws Exception {
        ExportedImage image = image();
        Path tar = dir.resolve("files.tar");
        export("type=tar,dest=" + tar, image);
        List<String> members = run("tar", "-tf", tar.toString()).lines().toList();
        assertTrue(members.contains("etc/hostname") && members.contains("bin/tool"), members.toString());
        assertFalse(members.stream().anyMatch(m -> m.contains("gone")), members.toString());
        assertEquals("two\n", run("tar", "-xOf", tar.toString(), "etc/hostname"));

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        export("-", image, stdout);
        assertEquals(Files.size(tar), stdout.size(), "the same tree gives the same tar");
        assertFalse(Files.list(dir.resolve("store")).anyMatch(p -> p.getFileName().toString().startsWith(".export-")),
                "the scratch tree is removed");
    }

    @Test
    void imageNamesInTheStoreAndPushesToARegistry() throws Exception {
        requireTool("skopeo", "skopeo");
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")))) {
            ExportedImage image = image(TwoLayerImage.NAME);
            String pushed = registry.address() + "/team/box:1";
            export("type=image,\"name=extra:1,extra:2\"", image);
            assertTrue(image.store().find("docker.io/library/extra:1").isPresent());
            assertTrue(image.store().find("docker.io/library/extra:2").isPresent());
            assertTrue(log.stream().noneMatch(l -> l.startsWith("pushing")), log.toString());

            export("type=image,name=" + pushed + ",push=true", image);
            assertEquals(image.manifest().digest(), image.store().find(pushed).orElseThrow().manifest().digest());
            JsonNode inspect = JSON.readTree(run("skopeo", "inspect", "--tls-verify=false", "docker://" + pushed));
            assertEquals(image.manifest().digest().toString(), inspect.get("Digest").asText());
            assertTrue(log.contains("pushed " + pushed + "@" + image.manifest().digest()), log.toString());
        }
    }

    @Test
    void ociAndDockerArchivesGzipTheLayersTheStoreKeepsPlain() throws Exception {
        ExportedImage image = TwoLayerImage.built(dir.resolve("store"), dir.resolve("scratch"), List.of(TwoLayerImage.NAME));
        List<Digest> diffIds = TwoLayerImage.diffIds(image, image.manifest());
        Map<String, String> gzipType = Map.of("oci", MediaType.OCI_LAYER_GZIP, "docker", MediaType.DOCKER_LAYER_GZIP);
        for (String type : List.of("oci", "docker")) {
            Path layout = layoutOf("type=oci,tar=false,oci-mediatypes=" + type.equals("oci"), image);
            JsonNode manifest = firstManifest(layout);
            assertEquals(2, manifest.get("layers").size());
            for (int i = 0; i < 2; i++) {
                JsonNode layer = manifest.get("layers").get(i);
                assertEquals(gzipType.get(type), layer.get("mediaType").asText(), type);
                byte[] gzip = Files.readAllBytes(blob(layout, layer.get("digest").asText()));
                assertEquals(layer.get("size").asLong(), gzip.length);
                try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
                    assertEquals(diffIds.get(i), Digest.sha256(tar.readAllBytes()), type + " layer " + i);
                }
            }
            assertEquals(image.configDigest().toString(), manifest.at("/config/digest").asText());
        }
        Path docker = tarOf("type=docker", image);
        JsonNode dockerManifest = jsonInTar(docker, "blobs/sha256/" + firstIndexEntry(docker).get("digest").asText()
                .substring("sha256:".length()));
        assertEquals(MediaType.DOCKER_LAYER_GZIP, dockerManifest.at("/layers/0/mediaType").asText());
        assertEquals(MediaType.DOCKER_LAYER_GZIP, dockerManifest.at("/layers/1/mediaType").asText());
    }

    @Test
    void exportingTwiceCompressesOnceAndGivesTheSameManifest() throws Exception {
        ExportedImage image = TwoLayerImage.built(dir.resolve("store"), dir.resolve("scratch"), List.of(TwoLayerImage.NAME));
        JsonNode first = JSON.readTree(run("tar", "-xOf", tarOf("type=oci", image).toString(), "index.json"));
        Path conversions = dir.resolve("store").resolve(LayerConversions.DIRECTORY);
        List<Path> records;
        try (var listing = Files.list(conversions)) {
            records = listing.sorted().toList();
        }
        assertEquals(2, records.size(), "one conversion record per layer");
        for (Path record : records) {
            Files.setLastModifiedTime(record, FileTime.fromMillis(0));
        }

        export("type=oci,dest=" + dir.resolve("again.tar"), image);

        JsonNode second = JSON.readTree(run("tar", "-xOf", dir.resolve("again.tar").toString(), "index.json"));
        assertEquals(first.at("/manifests/0/digest"), second.at("/manifests/0/digest"));
        for (Path record : records) {
            assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(record),
                    "the second export read " + record + " and did not convert again");
        }
    }

    @Test
    void imageKeepsThePlainLayersInTheStoreAndPushSendsThemGzipped() throws Exception {
        requireTool("skopeo", "skopeo");
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")))) {
            ExportedImage image = TwoLayerImage.built(dir.resolve("store"), dir.resolve("scratch"), List.of());
            export("type=image,name=local:1", image);
            assertEquals(image.manifest().digest(),
                    image.store().find("docker.io/library/local:1").orElseThrow().manifest().digest());

            String pushed = registry.address() + "/team/plain:1";
            export("type=image,name=" + pushed + ",push=true", image);
            JsonNode raw = JSON.readTree(run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + pushed));
            assertEquals(MediaType.OCI_LAYER_GZIP, raw.at("/layers/0/mediaType").asText());
            assertEquals(MediaType.OCI_LAYER_GZIP, raw.at("/layers/1/mediaType").asText());
            assertEquals(image.configDigest().toString(), raw.at("/config/digest").asText());
            Path copy = dir.resolve("pulled");
            run("skopeo", "copy", "--src-tls-verify=false", "docker://" + pushed, "oci:" + copy + ":x");
            assertEquals(raw.at("/layers"), firstManifest(copy).get("layers"), "pulled back as pushed");
        }
    }

    @Test
    void imageStoresCanonicalAndDanglingNamesOrNothingWithStoreFalse() throws Exception {
        ExportedImage image = image();
        export("type=image,name=canon:1,name-canonical=true", image);
        String digest = image.manifest().digest().toString();
        assertTrue(image.store().find("docker.io/library/canon:1").isPresent());
        assertTrue(image.store().find("docker.io/library/canon@" + digest).isPresent());

        export("type=image,dangling-name-prefix=scratchpad", image);
        assertTrue(image.store().find("docker.io/library/scratchpad@" + digest).isPresent());

        export("type=image,name=hidden:1,store=false", image);
        assertFalse(image.store().find("docker.io/library/hidden:1").isPresent());
    }

    @Test
    void pushFactoryPushesTheBuildNamesWithZstdWhenRegistryTypeAsksForIt() throws Exception {
        requireTool("skopeo", "skopeo");
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")))) {
            String name = registry.address() + "/team/pushed:1";
            ExportedImage image = image(name);
            Exporters.push(new ExportTargets(OutputStream.nullOutputStream(), false, image.names())).export(image, log::add);
            JsonNode plain = JSON.readTree(run("skopeo", "inspect", "--tls-verify=false", "docker://" + name));
            assertEquals(image.manifest().digest().toString(), plain.get("Digest").asText());

            export("type=registry,compression=zstd", image);
            JsonNode zstd = JSON.readTree(run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + name));
            assertEquals(MediaType.OCI_LAYER_ZSTD, zstd.at("/layers/0/mediaType").asText());
        }
    }

    @Test
    void pushWithoutANameIsAnErrorBeforeTheBuild() throws Exception {
        ExportedImage image = image();
        ExportOptionException e = assertThrows(ExportOptionException.class,
                () -> export("type=registry", image));
        assertEquals("--output type=registry: pushing needs a name: give name=REF or -t REF", e.getMessage());
        assertThrows(ExportOptionException.class,
                () -> Exporters.push(new ExportTargets(OutputStream.nullOutputStream(), false, List.of())));
    }

    @Test
    void zstdWithDockerMediaTypesTurnsOciOnWithAWarning() throws Exception {
        ExportedImage image = image(TwoLayerImage.NAME);
        JsonNode entry = firstIndexEntry(tarOf("type=docker,compression=zstd", image));
        assertEquals(List.of("compression=zstd needs OCI media types: oci-mediatypes=true is forced"), warnings);
        assertEquals(MediaType.OCI_MANIFEST, entry.get("mediaType").asText());
    }

    private static JsonNode firstManifest(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        return JSON.readTree(blob(layout, index.at("/manifests/0/digest").asText()).toFile());
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }
}
