package dev.jbuild.core.export;

import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image's file tree: its layers applied in order, whiteouts removing what lower layers
 * had, onto a directory; or onto a scratch directory beside the store's blobs for outputs that
 * stream the tree, removed again when they are done.
 */
final class ImageFiles {

    /** Uses a scratch tree. */
    @FunctionalInterface
    interface TreeUse {
        void accept(Path tree) throws IOException;
    }

    private final ImageStore store;

    ImageFiles(ImageStore store) {
        this.store = store;
    }

    /** Applies every layer of the manifest onto {@code directory}, creating it if missing. */
    void unpack(Descriptor manifest, Path directory) throws IOException {
        Files.createDirectories(directory);
        ImageManifest document = ImageJson.read(store.readBlob(manifest.digest()), ImageManifest.class);
        LayerApplier applier = new LayerApplier();
        for (Descriptor layer : document.layers()) {
            applier.apply(store.blobs().path(layer.digest()), directory);
        }
    }

    /** Unpacks into a scratch directory, hands it to {@code use}, and deletes it whatever happens. */
    void withTree(Descriptor manifest, TreeUse use) throws IOException {
        Path scratch = Files.createTempDirectory(Files.createDirectories(store.root()), ".export-");
        try {
            Path tree = scratch.resolve("rootfs");
            unpack(manifest, tree);
            use.accept(tree);
        } finally {
            TreeDeletion.delete(scratch);
        }
    }
}
