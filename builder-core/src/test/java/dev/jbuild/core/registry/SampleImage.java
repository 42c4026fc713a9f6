package dev.jbuild.core.registry;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.image.RootFs;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small image written into a blob store for the registry tests: a config for one platform
 * and uncompressed layers of seeded random bytes (so each layer's diff_id is its digest),
 * plus the manifest that ties them together.
 */
record SampleImage(Descriptor manifest, Descriptor config, List<Descriptor> layers) {

    static SampleImage create(BlobStore store, Platform platform, long seed, int... layerSizes) {
        Random random = new Random(seed);
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (int size : layerSizes) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Descriptor layer = put(store, MediaType.OCI_LAYER, content);
            layers.add(layer);
            diffIds.add(layer.digest());
        }
        ImageConfig config = new ImageConfig("2024-01-01T00:00:00Z", null, platform.architecture(), platform.os(), null,
                null, platform.variant(), ContainerConfig.empty(), RootFs.of(diffIds), null, null);
        Descriptor configDescriptor = put(store, MediaType.OCI_CONFIG, ImageJson.write(config));
        Descriptor manifest = put(store, MediaType.OCI_MANIFEST, ImageJson.write(ImageManifest.of(configDescriptor, layers)));
        return new SampleImage(manifest, configDescriptor, layers);
    }

    /** An index over these images, each listed with its platform, written into the store. */
    static Descriptor index(BlobStore store, List<Descriptor> platformManifests) {
        return put(store, MediaType.OCI_INDEX, ImageJson.write(ImageIndex.of(platformManifests)));
    }

    static Descriptor put(BlobStore store, String mediaType, byte[] content) {
        store.write(new ByteArrayInputStream(content));
        return Descriptor.ofContent(mediaType, content);
    }
}
