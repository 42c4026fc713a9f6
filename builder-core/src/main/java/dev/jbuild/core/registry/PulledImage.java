package dev.jbuild.core.registry;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image pulled into a blob store: the descriptors of its index (if the reference named
 * one), its manifest (with the platform chosen from the index), its config and its layers,
 * bottom first. Every blob they name, manifests included, is in the store, verified.
 */
public record PulledImage(ImageReference reference, Descriptor index, Descriptor manifest, Descriptor config,
        ImageConfig imageConfig, List<Descriptor> layers) {

    public PulledImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(imageConfig, "imageConfig");
        layers = List.copyOf(layers);
    }

    /** The index the manifest was chosen from; empty when the reference named a single-platform manifest. */
    public Optional<Descriptor> indexDescriptor() {
        return Optional.ofNullable(index);
    }

    /** The digest that identifies what was pulled: the index's if there was one, else the manifest's. */
    public dev.jbuild.cache.digest.Digest digest() {
        return (index != null ? index : manifest).digest();
    }
}
