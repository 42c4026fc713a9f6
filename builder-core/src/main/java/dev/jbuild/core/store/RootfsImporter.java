package dev.jbuild.core.store;

import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.image.RootFs;
import dev.jbuild.core.layer.DeclaredEntries;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code jbuild import ROOTFS.tar NAME}: turns a root filesystem tarball into a one-layer image
 * in the store. The tarball is unpacked with the layer applier's safety rules and written back
 * as a deterministic layer, so the same tarball always gives the same image digest; owners and
 * device nodes come from the tarball's headers ({@link DeclaredEntries}), so an ordinary user's
 * import keeps root's files root's and the devices, as root's does.
 */
public final class RootfsImporter {

    private final ImageStore store;
    private final LayerWriter.Options layerOptions;

    public RootfsImporter(ImageStore store, LayerWriter.Options layerOptions) {
        this.store = store;
        this.layerOptions = layerOptions;
    }

    /**
     * @param created the image's creation time: SOURCE_DATE_EPOCH when set, for reproducible images
     */
    public StoredImage importTarball(Path tarball, String name, Platform platform, Instant created) {
        Path scratch = null;
        try {
            // scratch space beside the blobs, so the finished layer is renamed, not copied
            scratch = Files.createTempDirectory(Files.createDirectories(store.root()), ".import-");
            Path rootfs = Files.createDirectory(scratch.resolve("rootfs"));
            new LayerApplier().apply(tarball, rootfs);
            // Without root the unpacked tree is the caller's and has no device nodes: the tar's headers say what it holds.
            DeclaredEntries declared = DeclaredEntries.read(tarball);
            declared.placeDevices(rootfs);
            LayerBlob layer;
            StoredBlob stored;
            try (BlobWriter out = store.blobs().newWriter()) {
                layer = new LayerWriter(layerOptions.withSourceDateEpoch(created)).writeDirectory(rootfs, out, declared);
                stored = out.commit(layer.digest());
            }
            String when = DateTimeFormatter.ISO_INSTANT.format(created);
            ImageConfig config = new ImageConfig(when, null, platform.architecture(), platform.os(), null, null,
                    platform.variant(), ContainerConfig.empty(), RootFs.of(List.of(layer.diffId())),
                    List.of(History.of(when, "jbuild import " + tarball.getFileName(), false)), null);
            Descriptor configBlob = put(MediaType.OCI_CONFIG, ImageJson.write(config));
            Descriptor layerBlob = Descriptor.of(layer.mediaType(), stored.digest(), stored.size());
            Descriptor manifest = put(MediaType.OCI_MANIFEST,
                    ImageJson.write(ImageManifest.of(configBlob, List.of(layerBlob))));
            return store.tag(name, manifest);
        } catch (IOException e) {
            throw new ImageStoreException("cannot import " + tarball + " as " + name + ": " + e, e);
        } finally {
            deleteTree(scratch);
        }
    }

    private Descriptor put(String mediaType, byte[] content) {
        StoredBlob blob = store.blobs().write(new ByteArrayInputStream(content));
        return Descriptor.of(mediaType, blob.digest(), blob.size());
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            TreeDeletion.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the import scratch directory " + dir, e);
        }
    }
}
