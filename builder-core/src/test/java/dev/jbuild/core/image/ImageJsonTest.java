package dev.jbuild.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageJsonTest {

    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);
    private static final String D3 = "sha256:" + "c".repeat(64);

    /** Shaped like a config Docker writes: Docker-only fields, legacy fields we do not model, odd numbers. */
    private static final String DOCKER_CONFIG = """
            {
              "architecture": "amd64",
              "os": "linux",
              "created": "2024-05-01T10:11:12.123456789Z",
              "docker_version": "24.0.7",
              "container": "3f2a",
              "container_config": {"Hostname": "3f2a", "Cmd": ["/bin/sh", "-c", "#(nop) CMD [\\"sh\\"]"]},
              "config": {
                "Hostname": "",
                "User": "app:app",
                "AttachStdin": false,
                "ExposedPorts": {"8080/tcp": {}, "443/tcp": {}},
                "Env": ["PATH=/usr/local/bin:/usr/bin", "LANG=C.UTF-8"],
                "Cmd": ["serve"],
                "Entrypoint": ["/entrypoint.sh"],
                "Healthcheck": {"Test": ["CMD-SHELL", "curl -f localhost:8080 || exit 1"], "Interval": 30000000000,
                                "Timeout": 5000000000, "StartPeriod": 1000000000, "Retries": 3},
                "OnBuild": ["COPY . /app", "RUN make"],
                "Shell": ["/bin/bash", "-o", "pipefail", "-c"],
                "Volumes": {"/data": {}},
                "WorkingDir": "/app",
                "Labels": {"z.last": "1", "a.first": "2"},
                "StopSignal": "SIGTERM",
                "ArgsEscaped": true
              },
              "rootfs": {"type": "layers", "diff_ids": ["%s", "%s"]},
              "history": [
                {"created": "2024-05-01T10:11:10Z", "created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
                {"created": "2024-05-01T10:11:11Z", "created_by": "ENV LANG=C.UTF-8", "empty_layer": true},
                {"created": "2024-05-01T10:11:12Z", "created_by": "RUN make", "comment": "buildkit.dockerfile.v0"}
              ],
              "moby.buildkit.buildinfo.v1": "eyJmcm9udGVuZCI6ImRvY2tlcmZpbGUudjAifQ==",
              "precise": 0.1000000000000000055511151231257827
            }
            """.formatted(D1, D2);

    private static JsonNode tree(byte[] json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void dockerConfigKeepsDockerFieldsAndUnknownFieldsThroughARoundTrip() throws Exception {
        byte[] original = DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8);
        ImageConfig config = ImageJson.read(original, ImageConfig.class);

        ContainerConfig runtime = config.config();
        assertEquals(List.of("CMD-SHELL", "curl -f localhost:8080 || exit 1"), runtime.healthcheck().test());
        assertEquals(30_000_000_000L, runtime.healthcheck().interval());
        assertEquals(3, runtime.healthcheck().retries());
        assertEquals(List.of("COPY . /app", "RUN make"), runtime.onBuild());
        assertEquals(List.of("/bin/bash", "-o", "pipefail", "-c"), runtime.shell());
        assertEquals(Set.of("8080/tcp", "443/tcp"), runtime.exposedPorts());
        assertEquals(Set.of("/data"), runtime.volumes());
        assertEquals(List.of(Digest.parse(D1), Digest.parse(D2)), config.rootfs().diffIds());
        assertTrue(config.history().get(1).isEmptyLayer());
        assertTrue(config.extra().containsKey("container_config"));
        assertTrue(runtime.extra().containsKey("Hostname"));

        byte[] written = ImageJson.write(config);
        JsonNode expected = tree(original);
        JsonNode actual = tree(written);
        assertEquals(expected, actual);
        assertTrue(new String(written, StandardCharsets.UTF_8).contains("0.1000000000000000055511151231257827"),
                "unknown numbers keep every digit");
    }

    @Test
    void writingIsDeterministicAndSortsMaps() {
        ImageConfig config = ImageJson.read(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8), ImageConfig.class);
        byte[] once = ImageJson.write(config);
        byte[] again = ImageJson.write(ImageJson.read(once, ImageConfig.class));
        assertArrayEquals(once, again);
        String text = new String(once, StandardCharsets.UTF_8);
        assertTrue(text.indexOf("a.first") < text.indexOf("z.last"), text);
        assertTrue(text.indexOf("\"443/tcp\":{}") < text.indexOf("\"8080/tcp\":{}"), text);
        assertTrue(!text.contains("\n") && !text.contains(": "), "compact");
    }

    @Test
    void absentFieldsStayAbsent() {
        byte[] minimal = ("{\"architecture\":\"arm64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
        ImageConfig config = ImageJson.read(minimal, ImageConfig.class);
        assertNull(config.config());
        assertNull(config.history());
        assertArrayEquals(minimal, ImageJson.write(config));
        assertEquals("{}", new String(ImageJson.write(ContainerConfig.empty()), StandardCharsets.UTF_8));
    }

    @Test
    void ociManifestRoundTripsWithAnnotationsSubjectAndUnknownFields() throws Exception {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":1234},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":99,
                            "annotations":{"org.opencontainers.image.title":"app.tar"},"x-vendor":{"k":[1,2]}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7},
                 "annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"},
                 "x-unknown-top":true}
                """.formatted(D1, D2, D3);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ManifestDocument document = ImageJson.readManifest(bytes, null);
        ImageManifest manifest = assertInstanceOf(ImageManifest.class, document);
        assertEquals(Digest.parse(D1), manifest.config().digest());
        assertEquals(99, manifest.layers().get(0).size());
        assertEquals(tree(bytes), tree(ImageJson.write(manifest)));
    }

    @Test
    void readManifestPicksTheTypeFromTheMediaTypeOrShape() {
        String descriptor = "{\"mediaType\":\"%s\",\"digest\":\"" + D1 + "\",\"size\":1,"
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}";
        String dockerList = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_MANIFEST_LIST + "\",\"manifests\":["
                + descriptor.formatted(MediaType.DOCKER_MANIFEST) + "]}";
        DockerManifestList list = assertInstanceOf(DockerManifestList.class,
                ImageJson.readManifest(dockerList.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(Platform.parse("linux/arm64/v8"), list.manifests().get(0).platform());
        assertEquals("linux/arm64/v8", list.manifests().get(0).platform().toString());

        String bareIndex = "{\"schemaVersion\":2,\"manifests\":[" + descriptor.formatted(MediaType.OCI_MANIFEST) + "]}";
        ImageIndex index = assertInstanceOf(ImageIndex.class,
                ImageJson.readManifest(bareIndex.getBytes(StandardCharsets.UTF_8), MediaType.OCI_INDEX));
        assertEquals(MediaType.OCI_INDEX, index.declaredMediaType());

        String dockerManifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_MANIFEST + "\",\"config\":"
                + descriptor.formatted(MediaType.DOCKER_CONFIG) + ",\"layers\":[]}";
        assertInstanceOf(DockerManifest.class,
                ImageJson.readManifest(dockerManifest.getBytes(StandardCharsets.UTF_8), "application/json"));
    }

    @Test
    void invalidDocumentsAreReportedWithWhatAndWhere() {
        ImageJsonException badDigest = assertThrows(ImageJsonException.class, () -> ImageJson.read(
                ("{\"mediaType\":\"x\",\"digest\":\"sha256:nothex\",\"size\":1}").getBytes(StandardCharsets.UTF_8),
                Descriptor.class));
        assertTrue(badDigest.getMessage().contains("Descriptor") && badDigest.getMessage().contains("nothex"),
                badDigest.getMessage());
        ImageJsonException badVersion = assertThrows(ImageJsonException.class, () -> ImageJson.readManifest(
                ("{\"schemaVersion\":1,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\"}").getBytes(StandardCharsets.UTF_8),
                null));
        assertTrue(badVersion.getMessage().contains("schemaVersion"), badVersion.getMessage());
        ImageJsonException unknownType = assertThrows(ImageJsonException.class, () -> ImageJson.readManifest(
                "{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}".getBytes(StandardCharsets.UTF_8), null));
        assertTrue(unknownType.getMessage().contains("text/plain"), unknownType.getMessage());
    }

    @Test
    void builtDocumentsHaveTheExpectedShape() throws Exception {
        byte[] configBytes = ImageJson.write(new ImageConfig(null, null, "amd64", "linux", null, null, null,
                ContainerConfig.empty(), RootFs.of(List.of()).plus(Digest.parse(D1)),
                List.of(History.of("2024-01-01T00:00:00Z", "COPY . /", false)), null));
        Descriptor config = Descriptor.ofContent(MediaType.OCI_CONFIG, configBytes);
        assertEquals(Digest.sha256(configBytes), config.digest());
        ImageManifest manifest = ImageManifest.of(config,
                List.of(Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.parse(D2), 42)));
        ImageIndex index = ImageIndex.of(List.of(Descriptor.ofContent(MediaType.OCI_MANIFEST, ImageJson.write(manifest))
                .withPlatform(Platform.parse("linux/amd64"))
                .withAnnotations(Map.of("org.opencontainers.image.ref.name", "latest"))));
        JsonNode json = tree(ImageJson.write(index));
        assertEquals(2, json.get("schemaVersion").asInt());
        assertEquals("amd64", json.at("/manifests/0/platform/architecture").asText());
        assertEquals("latest", json.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText());
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + D1 + "\"]},\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"COPY . /\"}]}",
                new String(configBytes, StandardCharsets.UTF_8));
    }
}
