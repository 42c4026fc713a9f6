package dev.jbuild.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.compress.KeepOpenStream;
import dev.jbuild.core.export.ExportTargets;
import dev.jbuild.core.export.Exporters;
import dev.jbuild.core.export.OutputSpec;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.grammar.DockerfileParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How built layers sit in the store: step layers as plain tars (digest = diff_id), gzip only on
 * the way out, and stores an older jbuild filled with gzip step layers still answering builds.
 * FROM scratch, so no sandbox is needed.
 */
class StoredLayersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCKERFILE = "FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /sub/b.txt\n";

    @TempDir
    Path dir;

    private BuildResult build(String... outputs) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(context.resolve("a.txt"), "a".repeat(10_000));
        Files.writeString(context.resolve("b.txt"), "b\n");
        BuildRequest.Builder request = BuildRequest.builder(new DockerfileParser("Dockerfile").parse(DOCKERFILE))
                .dockerfilePath(context.resolve("Dockerfile")).context(context).tag("layers:test");
        for (String output : outputs) {
            request.exporter(Exporters.create(OutputSpec.parse(output),
                    new ExportTargets(OutputStream.nullOutputStream(), false, List.of("layers:test")), w -> { }));
        }
        return new ImageBuilder(dir.resolve("data"), e -> { }).build(request.build());
    }

    private ImageStore store() {
        return new ImageStore(dir.resolve("data"));
    }

    private ImageManifest manifest(Descriptor manifest) {
        return ImageJson.read(store().readBlob(manifest.digest()), ImageManifest.class);
    }

    private List<Digest> diffIds(ImageManifest manifest) {
        return ImageJson.read(store().readBlob(manifest.config().digest()), ImageConfig.class).rootfs().diffIds();
    }

    @Test
    void stepLayersAreStoredAsPlainTarsWhoseDigestIsTheDiffId() throws Exception {
        BuildResult result = build();

        ImageManifest stored = manifest(result.manifest());
        assertEquals(2, stored.layers().size());
        List<Digest> diffIds = diffIds(stored);
        for (int i = 0; i < 2; i++) {
            Descriptor layer = stored.layers().get(i);
            assertEquals(MediaType.OCI_LAYER, layer.mediaType());
            assertEquals(diffIds.get(i), layer.digest());
            assertEquals(Files.size(store().blobs().path(layer.digest())), layer.size());
            try (InputStream in = store().blobs().open(layer.digest())) {
                byte[] head = in.readNBytes(4);
                assertEquals(Compression.NONE, Compression.detect(head, head.length));
            }
        }
    }

    @Test
    void ociOutputOfABuildGzipsTheStepLayersWithTheSameDiffIds() throws Exception {
        Path archive = dir.resolve("image.tar");
        BuildResult result = build("type=oci,dest=" + archive);

        ImageManifest exported = manifest(result.exportedManifest());
        assertEquals(diffIds(manifest(result.manifest())), diffIds(exported));
        for (Descriptor layer : exported.layers()) {
            assertEquals(MediaType.OCI_LAYER_GZIP, layer.mediaType());
        }
        assertTrue(Files.size(archive) > 0);
        assertEquals(MediaType.OCI_LAYER, manifest(store().find("docker.io/library/layers:test").orElseThrow()
                .manifest()).layers().get(0).mediaType(), "the store keeps its plain layers");
    }

    @Test
    void gzipStepLayersOfAnOlderStoreStillHit() throws Exception {
        BuildResult first = build();
        List<Digest> diffIds = diffIds(manifest(first.manifest()));
        Map<Digest, Digest> gzipOf = rewriteRecordsAsAnOlderJbuildWroteThem();
        List<Digest> gzipped = manifest(first.manifest()).layers().stream().map(l -> gzipOf.get(l.digest())).toList();

        BuildResult again = build();

        assertEquals(0, again.stepsRun());
        ImageManifest rebuilt = manifest(again.manifest());
        assertEquals(diffIds, diffIds(rebuilt));
        assertEquals(gzipped, rebuilt.layers().stream().map(Descriptor::digest).toList());
        rebuilt.layers().forEach(l -> assertEquals(MediaType.OCI_LAYER_GZIP, l.mediaType()));
        Descriptor exported = build("type=oci,dest=" + dir.resolve("old.tar")).exportedManifest();
        assertEquals(gzipped, manifest(exported).layers().stream().map(Descriptor::digest).toList(),
                "gzip layers leave the store byte for byte");
    }

    /** Each record's plain layer replaced by its gzip, and the plain blob removed, as a store of earlier jbuilds. */
    private Map<Digest, Digest> rewriteRecordsAsAnOlderJbuildWroteThem() throws Exception {
        Map<Digest, Digest> gzipOf = new HashMap<>();
        BlobStore blobs = store().blobs();
        List<Path> records;
        try (Stream<Path> walk = Files.walk(dir.resolve("data/cache"))) {
            records = walk.filter(p -> p.toString().endsWith(".json") && p.getParent().getParent().getFileName()
                    .toString().matches("v\\d+")).sorted().toList();
        }
        assertFalse(records.isEmpty());
        for (Path record : records) {
            ObjectNode json = (ObjectNode) JSON.readTree(record.toFile());
            if (!json.path("layer").isObject()) {
                continue;
            }
            ObjectNode layer = (ObjectNode) json.get("layer");
            Digest plain = Digest.parse(layer.get("digest").asText());
            StoredBlob gzip;
            try (InputStream tar = blobs.open(plain); BlobWriter writer = blobs.newWriter()) {
                try (OutputStream out = Compression.GZIP.compress(new KeepOpenStream(writer), 1)) {
                    tar.transferTo(out);
                }
                gzip = writer.commit();
            }
            layer.put("digest", gzip.digest().toString());
            layer.put("size", gzip.size());
            layer.put("mediaType", MediaType.OCI_LAYER_GZIP);
            Files.write(record, JSON.writeValueAsBytes(json));
            blobs.delete(plain);
            gzipOf.put(plain, gzip.digest());
        }
        assertEquals(2, gzipOf.size());
        return gzipOf;
    }
}
