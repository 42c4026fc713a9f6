package dev.jbuild.core.export;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code type=image} (and {@code type=registry}, {@code --push}): names the image in jbuild's
 * store and, with push, pushes each name to its registry. With {@code store=false} the names go
 * only to the registry; an unnamed image with {@code dangling-name-prefix} is stored as
 * {@code PREFIX@DIGEST}, as BuildKit names dangling images.
 */
final class ImageExporter implements Exporter {

    private final List<ImageReference> names;
    private final boolean push;
    private final boolean store;
    private final Optional<String> danglingPrefix;
    private final ImageRewrite.Options rewrite;

    ImageExporter(List<ImageReference> names, boolean push, boolean store, Optional<String> danglingPrefix,
            ImageRewrite.Options rewrite) {
        this.names = List.copyOf(names);
        this.push = push;
        this.store = store;
        this.danglingPrefix = Objects.requireNonNull(danglingPrefix, "danglingPrefix");
        this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
        if (push && this.names.isEmpty()) {
            throw new IllegalArgumentException("pushing needs at least one name");
        }
    }

    @Override
    public String description() {
        return push ? "pushing " + String.join(", ", names.stream().map(ImageReference::toString).toList())
                : "naming to " + String.join(", ", names.stream().map(ImageReference::toString).toList());
    }

    @Override
    public void export(ExportedImage image, Consumer<String> log) throws IOException {
        Descriptor manifest = new ImageRewrite(image.store(), rewrite).apply(image.manifest());
        if (store) {
            for (ImageReference name : names) {
                image.store().tag(name.toString(), manifest);
                log.accept("naming to " + name + " done");
            }
            if (names.isEmpty() && danglingPrefix.isPresent()) {
                String dangling = danglingPrefix.get() + "@" + manifest.digest();
                image.store().tag(dangling, manifest);
                log.accept("naming to " + dangling + " done");
            }
        }
        if (!push) {
            return;
        }
        RegistryClient client = image.registry().get();
        for (ImageReference name : names) {
            log.accept("pushing " + name);
            Digest pushed = client.push(name, manifest, image.store().blobs());
            log.accept("pushed " + name + "@" + pushed);
        }
    }
}
