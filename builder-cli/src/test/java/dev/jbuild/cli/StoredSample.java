package dev.jbuild.cli;

import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A two-layer image written straight into a store, with a history docker would show: created
 * {@code created}, a base layer of 2,000 bytes, an ENV without a layer, a RUN layer of 18 bytes.
 */
record StoredSample(Descriptor manifest, Descriptor config) {

    static final String LONG_RUN = "RUN /bin/sh -c mkdir -p /srv/data\t&& echo \"$GREETING\" > /srv/data/greeting";

    static StoredSample write(Path storeRoot, String created, String... names) {
        ImageStore store = new ImageStore(storeRoot);
        Descriptor base = blob(store, MediaType.OCI_LAYER_GZIP, new byte[2000]);
        Descriptor run = blob(store, MediaType.OCI_LAYER_GZIP, new byte[18]);
        String config = "{\"created\":\"" + created + "\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + base.digest() + "\",\"" + run.digest() + "\"]},"
                + "\"history\":["
                + "{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"jbuild import rootfs.tar\"},"
                + "{\"created\":\"" + created + "\",\"created_by\":\"ENV GREETING=hello\",\"comment\":\"buildkit.dockerfile.v0\",\"empty_layer\":true},"
                + "{\"created\":\"" + created + "\",\"created_by\":\"" + LONG_RUN.replace("\"", "\\\"").replace("\t", "\\t")
                + "\",\"comment\":\"buildkit.dockerfile.v0\"}]}";
        Descriptor configBlob = blob(store, MediaType.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        Descriptor manifest = blob(store, MediaType.OCI_MANIFEST,
                ImageJson.write(ImageManifest.of(configBlob, List.of(base, run))));
        for (String name : names) {
            store.tag(name, manifest);
        }
        return new StoredSample(manifest, configBlob);
    }

    private static Descriptor blob(ImageStore store, String mediaType, byte[] content) {
        StoredBlob stored = store.blobs().write(new ByteArrayInputStream(content));
        return Descriptor.of(mediaType, stored.digest(), stored.size());
    }

    String shortId() {
        return config.digest().hex().substring(0, 12);
    }
}
