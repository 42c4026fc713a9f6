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
 * only to the registry; {@code name-canonical} stores each name's {@code REPO@DIGEST} too; an
 * unnamed image with {@code dangling-name-prefix} is stored as {@code PREFIX@DIGEST}, as BuildKit
 * names dangling images.
 */
final class ImageExporter implements Exporter {

    private final List<ImageReference> names;
    private final boolean push;
    private final boolean store;
    private final boolean canonical;
    private final Optional<String> danglingPrefix;
    private final ImageRewrite.Options rewrite;

    ImageExporter(List<ImageReference> names, boolean push, boolean store, boolean canonical,
            Optional<String> danglingPrefix, ImageRewrite.Options rewrite) {
        this.names = List.copyOf(names);
        this.push = push;
        this.store = store;
        this.canonical = canonical;
        this.danglingPrefix = Objects.requireNonNull(danglingPrefix, "danglingPrefix");
        this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
        if (push && this.names.isEmpty()) {
            throw new IllegalArgumentException("pushing needs at least one name");
        }
    }

    @Override
    public String description() {
        String shown = String.join(", ", names.stream().map(ImageReference::toString).toList());
        return (push ? "pushing " : "naming to ") + (shown.isEmpty() ? "no name" : shown);
    }

    @Override
    public Optional<Descriptor> export(ExportedImage image, Consumer<String> log) throws IOException {
        Descriptor manifest = new IndexRewrite(image.store(), rewrite).apply(image.manifest());
        if (store) {
            for (ImageReference name : names) {
                tag(image, name.toString(), manifest, log);
                if (canonical) {
                    tag(image, name.byDigest(manifest.digest()).toString(), manifest, log);
                }
            }
            if (names.isEmpty() && danglingPrefix.isPresent()) {
                tag(image, ImageReference.parse(danglingPrefix.get() + "@" + manifest.digest()).toString(), manifest, log);
            }
        }
        if (!push) {
            return Optional.of(manifest);
        }
        RegistryClient client = image.registry().get();
        for (ImageReference name : names) {
            log.accept("pushing " + name);
            Digest pushed = client.push(name, manifest, image.store().blobs());
            log.accept("pushed " + name + "@" + pushed);
        }
        return Optional.of(manifest);
    }

    private static void tag(ExportedImage image, String name, Descriptor manifest, Consumer<String> log) {
        image.store().tag(name, manifest);
        log.accept("naming to " + name + " done");
    }
}
