package dev.jbuild.core.registry;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ManifestDocument;
import java.util.Objects;

/**
 * A manifest or index as a registry served it: the exact bytes (whose hash is the digest,
 * already verified), their descriptor and the parsed document.
 */
public record FetchedManifest(ImageReference reference, Descriptor descriptor, ManifestDocument document, byte[] content) {

    public FetchedManifest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(document, "document");
        content = content.clone();
        if (content.length != descriptor.size()) {
            throw new IllegalArgumentException("manifest of " + reference + " has " + content.length
                    + " bytes but its descriptor says " + descriptor.size());
        }
    }

    /** A copy of the bytes, so the digest stays true to them. */
    @Override
    public byte[] content() {
        return content.clone();
    }
}
