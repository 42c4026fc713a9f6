package dev.jbuild.cli;

import dev.jbuild.core.export.ExportedImage;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.registry.ImageReference;
import java.util.List;
import java.util.function.Consumer;

/** {@code --push}: every {@code -t} name pushed to its registry. */
final class TagPush implements Exporter {

    private final List<String> names;

    TagPush(List<String> names) {
        this.names = List.copyOf(names);
    }

    @Override
    public String description() {
        return "pushing " + String.join(", ", names);
    }

    @Override
    public void export(ExportedImage image, Consumer<String> log) {
        var client = image.registry().get();
        for (String name : names) {
            var digest = client.push(ImageReference.parse(name), image.manifest(), image.store().blobs());
            log.accept("pushed " + name + " " + digest);
        }
    }
}
