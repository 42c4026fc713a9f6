package dev.jbuild.core.store;

import dev.jbuild.core.image.Descriptor;
import java.util.Objects;

/** A named image in the local store: its full reference name and its manifest's descriptor. */
public record StoredImage(String name, Descriptor manifest) {

    public StoredImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an image name cannot be blank");
        }
    }
}
