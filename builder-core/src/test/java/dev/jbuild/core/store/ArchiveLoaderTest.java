package dev.jbuild.core.store;

import dev.jbuild.core.export.ArchiveFormat;
import dev.jbuild.core.export.ImageArchive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives written by jbuild save and by hand in docker's older layout, loaded into a fresh store. */
class ArchiveLoaderTest {

    // What the CLI passes: the test names are already full, apart from docker's short ones.
    private static final UnaryOperator<String> FULL = n -> n.contains("/") ? n : "docker.io/library/" + n;

    @TempDir
    Path dir;

    private StoredImage sampleImage(ImageStore store, String name) {
        // really gzip: save gzips layers it finds plain, which would change the manifest
        Descriptor layer = gzipBlob(store, "layer bytes");
        Descriptor config = blob(store, MediaType.OCI_CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        Descriptor manifest = blob(store, MediaType.OCI_MANIFEST, new String(ImageJson.write(
                ImageManifest.of(config, List.of(layer))), StandardCharsets.UTF_8));
        return store.tag(name, manifest);
    }

    private static Descriptor gzipBlob(ImageStore store, String content) {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(gzip, 1)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StoredBlob stored = store.blobs().write(new ByteArrayInputStream(gzip.toByteArray()));
        return Descriptor.of(MediaType.OCI_LAYER_GZIP, stored.digest(), stored.size());
    }

    private static Descriptor blob(ImageStore store, String mediaType, String content) {
        StoredBlob stored = store.blobs().write(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        return Descriptor.of(mediaType, stored.digest(), stored.size());
    }

    private byte[] saved(ArchiveFormat format, StoredImage... images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ImageArchive(new ImageStore(dir.resolve("source"))).write(List.of(images), format, out);
        return out.toByteArray();
    }

    private ArchiveLoader.Loaded load(ImageStore target, byte[] archive) {
        return new ArchiveLoader(target, FULL).load(new ByteArrayInputStream(archive), "test.tar");
    }

    @Test
    void dockerSaveArchiveLoadsWithItsRepoTagsAndTheSameManifest() {
        ImageStore source = new ImageStore(dir.resolve("source"));
        StoredImage image = sampleImage(source, "docker.io/library/app:1");
        ImageStore target = new ImageStore(dir.resolve("target"));

        ArchiveLoader.Loaded loaded = load(target, saved(ArchiveFormat.DOCKER, image));

        assertEquals(List.of("docker.io/library/app:1"), loaded.images().stream().map(StoredImage::name).toList());
        assertEquals(image.manifest().digest(), target.find("docker.io/library/app:1").orElseThrow().manifest().digest());
    }

    @Test
    void ociLayoutTarLoadsByItsNameAnnotationsAndGzipIsUnwrapped() throws IOException {
        ImageStore source = new ImageStore(dir.resolve("source"));
        StoredImage first = sampleImage(source, "127.0.0.1:5000/team/one:latest");
        StoredImage second = sampleImage(source, "127.0.0.1:5000/team/two:latest");
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(saved(ArchiveFormat.OCI, first, second));
        }
        ImageStore target = new ImageStore(dir.resolve("target"));

        load(target, gzipped.toByteArray());

        assertEquals(List.of("127.0.0.1:5000/team/one:latest", "127.0.0.1:5000/team/two:latest"),
                target.images().stream().map(StoredImage::name).toList());
    }

    @Test
    void olderDockerLayoutWithLinkedLayersGetsAManifestOfItsFiles() throws IOException {
        byte[] layer = "an uncompressed layer tar".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        String manifestJson = "[{\"Config\":\"cfg.json\",\"RepoTags\":[\"legacy:1\"],"
                + "\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]";
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(archive)) {
            tar.write(TarEntry.directory("aaa", 0755, 0, 0, 0));
            file(tar, "aaa/layer.tar", layer);
            file(tar, "aaa/json", "{}".getBytes(StandardCharsets.UTF_8));
            tar.write(TarEntry.directory("bbb", 0755, 0, 0, 0));
            tar.write(TarEntry.symlink("bbb/layer.tar", "../aaa/layer.tar", 0, 0, 0));
            file(tar, "cfg.json", config);
            file(tar, "manifest.json", manifestJson.getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        ImageStore target = new ImageStore(dir.resolve("target"));

        StoredImage loaded = load(target, archive.toByteArray()).images().get(0);

        assertEquals("docker.io/library/legacy:1", loaded.name());
        ImageManifest manifest = ImageJson.read(target.readBlob(loaded.manifest().digest()), ImageManifest.class);
        assertEquals(Digest.sha256(config), manifest.config().digest());
        assertEquals(List.of(Digest.sha256(layer), Digest.sha256(layer)),
                manifest.layers().stream().map(Descriptor::digest).toList());
        assertEquals(MediaType.OCI_LAYER, manifest.layers().get(0).mediaType(), "the layer is not compressed");
    }

    @Test
    void anImageWithoutANameIsRefusedNamingItsDigest() throws IOException {
        ImageStore source = new ImageStore(dir.resolve("source"));
        StoredImage image = sampleImage(source, "docker.io/library/app:1");
        ByteArrayOutputStream unnamed = new ByteArrayOutputStream();
        new ImageArchive(source).write(List.of(new ImageArchive.Entry(image.manifest(), List.of())), ArchiveFormat.OCI,
                Map.of(), unnamed);
        ImageStoreException e = assertThrows(ImageStoreException.class,
                () -> load(new ImageStore(dir.resolve("target")), unnamed.toByteArray()));
        assertTrue(e.getMessage().startsWith("the image " + image.manifest().digest() + " in test.tar has no name"),
                e.getMessage());
    }

    @Test
    void aBlobWhoseContentDoesNotMatchItsNameIsRefused() throws IOException {
        String wrong = "sha256:" + "0".repeat(64);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(archive)) {
            file(tar, "blobs/sha256/" + "0".repeat(64), "not that".getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        ImageStoreException e = assertThrows(ImageStoreException.class,
                () -> load(new ImageStore(dir.resolve("target")), archive.toByteArray()));
        assertTrue(e.getMessage().startsWith("blobs/sha256/" + wrong.substring(7) + " in test.tar does not match its name"),
                e.getMessage());
    }

    /** A blob store that cannot take the blob (here its directory is a file; as root, permissions would not stop it). */
    @Test
    void aDataDirectoryThatCannotTakeABlobIsSaidSoNotCalledAMismatch() throws IOException {
        byte[] archive = saved(ArchiveFormat.OCI, sampleImage(new ImageStore(dir.resolve("source")), "docker.io/library/app:1"));
        ImageStore target = new ImageStore(dir.resolve("target"));
        Files.createDirectories(dir.resolve("target/blobs"));
        Files.writeString(dir.resolve("target/blobs/sha256"), "not a directory");
        ImageStoreException e = assertThrows(ImageStoreException.class, () -> load(target, archive));
        assertTrue(e.getMessage().matches("cannot store blobs/sha256/[0-9a-f]{64} of test.tar in the data directory: .*"),
                e.getMessage());
    }

    @Test
    void somethingElseIsNotAnImageArchive() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(archive)) {
            file(tar, "etc/motd", "hi".getBytes(StandardCharsets.UTF_8));
            tar.finish();
        }
        ImageStoreException e = assertThrows(ImageStoreException.class,
                () -> load(new ImageStore(dir.resolve("target")), archive.toByteArray()));
        assertEquals("test.tar has neither index.json nor manifest.json: it is not an OCI layout or docker save archive",
                e.getMessage());
    }

    private static void file(TarWriter tar, String name, byte[] content) throws IOException {
        tar.write(TarEntry.file(name, 0644, 0, 0, content.length, 0), new ByteArrayInputStream(content));
    }
}
