package dev.jbuild.core.export;

import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.RootfsImporter;
import dev.jbuild.core.store.StoredImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.layer.LayerWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index entries name images as containerd and BuildKit do, in tars and in layout directories alike. */
class ImageArchiveTest {

    @TempDir
    Path dir;

    @Test
    void refNameIsTheTagPartAsContainerdWritesIt() {
        assertEquals("latest", ImageArchive.refName("docker.io/library/app:latest"));
        assertEquals("1.2", ImageArchive.refName("127.0.0.1:5000/team/app:1.2"));
        assertEquals("v1@sha256:ab", ImageArchive.refName("docker.io/library/app:v1@sha256:ab"));
        assertEquals("@sha256:ab", ImageArchive.refName("127.0.0.1:5000/app@sha256:ab"));
    }

    @Test
    void everyNameIsAnIndexEntryAndAnUnnamedImageHasNoNameAnnotations() throws Exception {
        ImageStore store = new ImageStore(dir.resolve("store"));
        StoredImage image = stored(store);
        Path layout = dir.resolve("layout");
        new ImageArchive(store).writeDirectory(List.of(new ImageArchive.Entry(image.manifest(),
                List.of("docker.io/library/box:1", "docker.io/library/box:2")),
                new ImageArchive.Entry(image.manifest(), List.of())), ArchiveFormat.OCI, Map.of("k", "v"), layout);

        ImageIndex index = ImageJson.read(Files.readAllBytes(layout.resolve("index.json")), ImageIndex.class);
        assertEquals(3, index.manifests().size());
        assertEquals(Map.of(ImageStore.REF_NAME, "1", ImageStore.CONTAINERD_NAME, "docker.io/library/box:1"),
                index.manifests().get(0).annotations());
        assertEquals("2", index.manifests().get(1).annotations().get(ImageStore.REF_NAME));
        assertEquals(null, index.manifests().get(2).annotations());
        assertEquals(Map.of("k", "v"), index.annotations());
        Descriptor manifest = index.manifests().get(0);
        assertEquals(Files.size(store.blobs().path(manifest.digest())), Files.size(
                layout.resolve("blobs/sha256/" + manifest.digest().hex())));
    }

    @Test
    void dockerArchiveListsEveryNameOfAnImageInItsRepoTags() throws Exception {
        ImageStore store = new ImageStore(dir.resolve("store"));
        StoredImage image = stored(store);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ImageArchive(store).write(List.of(new ImageArchive.Entry(image.manifest(),
                List.of("docker.io/library/box:1", "registry.test/box:2"))), ArchiveFormat.DOCKER, Map.of(), out);
        Path tar = dir.resolve("docker.tar");
        Files.write(tar, out.toByteArray());
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Process p = new ProcessBuilder("tar", "-C", unpacked.toString(), "-xf", tar.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        JsonNode manifest = new ObjectMapper().readTree(unpacked.resolve("manifest.json").toFile());
        assertEquals(1, manifest.size());
        assertEquals("[\"box:1\",\"registry.test/box:2\"]", manifest.at("/0/RepoTags").toString());
        assertFalse(Files.readString(unpacked.resolve("index.json")).contains("\"org.opencontainers.image.ref.name\":\"docker.io"));
    }

    private StoredImage stored(ImageStore store) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("hostname"), "box\n");
        Path tarball = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", dir.resolve("tree").toString(), "-cf", tarball.toString(), ".")
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        return new RootfsImporter(store, LayerWriter.Options.defaults())
                .importTarball(tarball, "docker.io/library/box:latest", HostPlatform.current(), Instant.EPOCH);
    }
}
