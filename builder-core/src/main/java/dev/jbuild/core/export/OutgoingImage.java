package dev.jbuild.core.export;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.ImageStoreException;
import java.io.IOException;

/**
 * The manifest a stored image leaves the store with when nothing asks otherwise ({@code jbuild
 * push}, {@code jbuild save}): the layers the store keeps as plain tars gzipped, BuildKit's
 * default, and everything else (compressed layers, media types, annotations) as stored. An index
 * (a pulled multi-platform image) goes as it is: its layers arrived compressed.
 */
public final class OutgoingImage {

    private OutgoingImage() {
    }

    /** The manifest to send for {@code manifest}; itself when no layer needs compressing. */
    public static Descriptor manifest(ImageStore store, Descriptor manifest) {
        boolean oci = MediaType.OCI_MANIFEST.equals(manifest.mediaType());
        if (!oci && !MediaType.DOCKER_MANIFEST.equals(manifest.mediaType())) {
            return manifest;
        }
        Descriptor sent;
        try {
            sent = new ImageRewrite(store, ImageRewrite.Options.distributed(oci)).apply(manifest);
        } catch (IOException e) {
            throw new ImageStoreException("cannot compress the layers of image " + manifest.digest() + " in "
                    + store.root() + ": " + e.getMessage(), e);
        }
        if (sent.equals(manifest)) {
            return manifest;
        }
        // The store's index entry keeps its names and platform; only the manifest it points at changes.
        return new Descriptor(sent.mediaType(), sent.digest(), sent.size(), manifest.urls(), manifest.annotations(),
                manifest.platform(), manifest.artifactType(), null, manifest.extra());
    }
}
