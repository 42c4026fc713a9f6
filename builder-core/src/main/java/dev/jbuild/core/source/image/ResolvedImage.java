package dev.jbuild.core.source.image;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageConfig;
import java.util.List;
import java.util.Objects;

/**
 * A base image ready to build on: its full name, its manifest's descriptor (the digest cache
 * keys use, never the tag), its config, and its layers bottom first, all blobs in the store.
 */
public record ResolvedImage(String name, Descriptor manifest, ImageConfig config, List<Descriptor> layers) {

    public ResolvedImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
