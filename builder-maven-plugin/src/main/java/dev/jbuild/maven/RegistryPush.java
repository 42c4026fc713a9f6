package dev.jbuild.maven;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.export.ExportedImage;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import java.util.function.Consumer;

/**
 * Pushes the built image to the registry of each of its names, as {@code jbuild build --push}
 * does; the plugin's own until core's registry exporter takes its place.
 */
final class RegistryPush implements Exporter {

    @Override
    public String description() {
        return "pushing image to its registries";
    }

    @Override
    public void export(ExportedImage image, Consumer<String> log) {
        RegistryClient client = image.registry().get();
        for (String name : image.names()) {
            log.accept("pushing " + name);
            Digest digest = client.push(ImageReference.parse(name), image.manifest(), image.store().blobs());
            log.accept("pushed " + name + "@" + digest);
        }
    }
}
