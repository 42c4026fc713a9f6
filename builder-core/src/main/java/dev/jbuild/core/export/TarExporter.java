package dev.jbuild.core.export;

import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code type=tar}: the image's files as one uncompressed tar, to a file or standard output.
 * The tree is written by jbuild's own layer writer, so entries come sorted with numeric owners,
 * hard links kept and the owners a rootless build recorded, the same bytes for the same tree.
 */
final class TarExporter implements Exporter {

    private final Destination destination;

    TarExporter(Destination destination) {
        this.destination = Objects.requireNonNull(destination, "destination");
    }

    @Override
    public String description() {
        return "sending tarball to " + destination.shown();
    }

    @Override
    public Optional<Descriptor> export(ExportedImage image, Consumer<String> log) throws IOException {
        LayerWriter writer = new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.NONE));
        new ImageFiles(image.store()).withTree(image.manifest(),
                tree -> destination.write(out -> writer.writeDirectory(tree, out)));
        return Optional.empty();
    }
}
