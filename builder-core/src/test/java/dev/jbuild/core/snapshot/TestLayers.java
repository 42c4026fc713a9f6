package dev.jbuild.core.snapshot;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Layers for snapshot tests, written by the real {@link LayerWriter} from real trees into a real blob store. */
final class TestLayers {

    static final boolean ROOT = LayerApplier.Options.forCurrentProcess().applyOwnership();

    static final LayerWriter.Options OPTIONS = LayerWriter.Options.defaults().withCompression(Compression.GZIP).withThreads(1);

    private TestLayers() {
    }

    /** Every file under {@code tree} as one layer, stored in {@code blobs}. */
    static LayerBlob ofDirectory(BlobStore blobs, Path tree) {
        try (BlobWriter writer = blobs.newWriter()) {
            LayerBlob layer = new LayerWriter(OPTIONS).writeDirectory(tree, writer);
            writer.commit(layer.digest());
            return layer;
        }
    }

    /** The changes, read from {@code tree}, as one layer stored in {@code blobs}. */
    static LayerBlob ofChanges(BlobStore blobs, Path tree, List<LayerChange> changes) {
        try (BlobWriter writer = blobs.newWriter()) {
            LayerBlob layer = new LayerWriter(OPTIONS).writeChanges(tree, changes, writer);
            writer.commit(layer.digest());
            return layer;
        }
    }

    /** Applies the layers in order onto a new directory, the way any image consumer would. */
    static Path applied(BlobStore blobs, Path directory, List<LayerBlob> layers) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (LayerBlob layer : layers) {
            try (InputStream in = blobs.open(layer.digest())) {
                new LayerApplier().apply(in, directory, layer.diffId());
            }
        }
        return directory;
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
