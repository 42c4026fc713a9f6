package dev.jbuild.core.export;

import dev.jbuild.core.compress.KeepOpenStream;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A built image for exporter tests, made the cheap way (no sandbox): a gzip layer written from
 * a real directory ({@code etc/hostname} "one", {@code bin/tool}, {@code gone}) and a second
 * layer that rewrites {@code etc/hostname} to "two" and whites out {@code gone}. {@link #built}
 * stores both as plain tars, as builds store their step layers.
 */
final class TwoLayerImage {

    static final String NAME = "docker.io/library/box:latest";

    private TwoLayerImage() {
    }

    static ExportedImage in(Path storeDir, Path scratch, List<String> names) throws IOException {
        return in(storeDir, scratch, names, Compression.GZIP);
    }

    /** The image with plain-tar layers, as a build stores it. */
    static ExportedImage built(Path storeDir, Path scratch, List<String> names) throws IOException {
        return in(storeDir, scratch, names, Compression.NONE);
    }

    private static ExportedImage in(Path storeDir, Path scratch, List<String> names, Compression compression)
            throws IOException {
        ImageStore store = new ImageStore(storeDir);
        Path tree = Files.createDirectories(scratch.resolve("tree"));
        Files.createDirectories(tree.resolve("etc"));
        Files.createDirectories(tree.resolve("bin"));
        Files.writeString(tree.resolve("etc/hostname"), "one\n");
        Files.writeString(tree.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
        Files.writeString(tree.resolve("gone"), "deleted above\n");
        LayerBlob first;
        try (BlobWriter out = store.blobs().newWriter()) {
            first = new LayerWriter(LayerWriter.Options.defaults().withSourceDateEpoch(Instant.EPOCH)
                    .withCompression(compression))
                    .writeDirectory(tree, out);
            out.commit(first.digest());
        }
        LayerBlob second = secondLayer(store, compression);
        Descriptor manifest = new ImageAssembler(store.blobs()).assemble(List.of(first, second),
                List.of(History.of("1970-01-01T00:00:00Z", "one", false), History.of("1970-01-01T00:00:00Z", "two", false)),
                ContainerConfig.empty(), null, HostPlatform.current(), Instant.EPOCH);
        for (String name : names) {
            store.tag(name, manifest);
        }
        ImageManifest written = ImageJson.read(store.readBlob(manifest.digest()), ImageManifest.class);
        return new ExportedImage(store, manifest, written.config().digest(), names, HostPlatform.current(),
                () -> RegistryClient.builder().dockerConfig(DockerConfig.none()).build());
    }

    static List<Digest> diffIds(ExportedImage image, Descriptor manifest) {
        ImageManifest m = ImageJson.read(image.store().readBlob(manifest.digest()), ImageManifest.class);
        return ImageJson.read(image.store().readBlob(m.config().digest()), ImageConfig.class).rootfs().diffIds();
    }

    private static LayerBlob secondLayer(ImageStore store, Compression compression) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] hostname = "two\n".getBytes(StandardCharsets.UTF_8);
        try (TarWriter writer = new TarWriter(tar)) {
            writer.write(TarEntry.directory("etc/", 0755, 0, 0, 0));
            writer.write(TarEntry.file("etc/hostname", 0644, 0, 0, hostname.length, 0), new ByteArrayInputStream(hostname));
            writer.write(TarEntry.file(".wh.gone", 0644, 0, 0, 0, 0), new ByteArrayInputStream(new byte[0]));
        }
        byte[] plain = tar.toByteArray();
        try (BlobWriter out = store.blobs().newWriter()) {
            try (OutputStream compressed = compression.compress(new KeepOpenStream(out), 1)) {
                compressed.write(plain);
            }
            var blob = out.commit();
            return new LayerBlob(blob.digest(), Digest.sha256(plain), blob.size(),
                    compression == Compression.NONE ? MediaType.OCI_LAYER : MediaType.OCI_LAYER_GZIP);
        }
    }
}
