package dev.jbuild.core.export;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.image.RootFs;
import dev.jbuild.core.layer.LayerBlob;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a built stage as an image: the config (platform, runtime settings, the layer chain's
 * diff_ids, history with one entry per instruction) and an OCI manifest, both into the blob
 * store. The creation time is SOURCE_DATE_EPOCH when set, so a rebuild gives the same digest.
 */
public final class ImageAssembler {

    private final BlobStore blobs;

    public ImageAssembler(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * Writes the config and manifest of an image with these layers (bottom first) and history;
     * undated history entries are dated as BuildKit dates them ({@link HistoryDates}), and the
     * image by its last entry, or {@code created} when no entry has a date.
     */
    public Descriptor assemble(List<LayerBlob> layers, List<History> undated, ContainerConfig config, String author,
            Platform platform, Instant created) {
        List<History> history = HistoryDates.filled(undated);
        String when = HistoryDates.imageCreated(history).orElse(DateTimeFormatter.ISO_INSTANT.format(created));
        List<Digest> diffIds = layers.stream().map(LayerBlob::diffId).toList();
        ImageConfig image = new ImageConfig(when, author, platform.architecture(), platform.os(), null, null,
                platform.variant(), config, RootFs.of(diffIds), history, null);
        Descriptor configBlob = put(MediaType.OCI_CONFIG, ImageJson.write(image));
        List<Descriptor> descriptors = layers.stream().map(LayerBlob::descriptor).toList();
        return put(MediaType.OCI_MANIFEST, ImageJson.write(ImageManifest.of(configBlob, descriptors)));
    }

    /** Writes an OCI index of these manifests, each carrying its platform, as BuildKit writes a multi-platform image. */
    public Descriptor index(List<Descriptor> manifests) {
        return put(MediaType.OCI_INDEX, ImageJson.write(ImageIndex.of(manifests)));
    }

    private Descriptor put(String mediaType, byte[] content) {
        StoredBlob blob = blobs.write(new ByteArrayInputStream(content));
        return Descriptor.of(mediaType, blob.digest(), blob.size());
    }
}
