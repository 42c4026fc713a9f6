package dev.jbuild.core.export;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.store.ImageStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A built image as exporters see it: the store holding its blobs, its manifest descriptor, its
 * config digest (Docker's image id), the names it was given ({@code -t}), its platform, and a
 * registry client for exporters that push (made on first use).
 */
public record ExportedImage(ImageStore store, Descriptor manifest, Digest configDigest, List<String> names,
        Platform platform, Supplier<RegistryClient> registry) {

    public ExportedImage {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(configDigest, "configDigest");
        names = List.copyOf(names);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(registry, "registry");
    }
}
