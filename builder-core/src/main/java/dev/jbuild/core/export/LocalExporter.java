package dev.jbuild.core.export;

import dev.jbuild.core.image.Descriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code type=local}: the image's files, layers applied in order, in the directory {@code dest}. */
final class LocalExporter implements Exporter {

    private final Path directory;

    LocalExporter(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public String description() {
        return "copying files to " + directory;
    }

    @Override
    public Optional<Descriptor> export(ExportedImage image, Consumer<String> log) throws IOException {
        new ImageFiles(image.store()).unpack(image.manifest(), directory);
        return Optional.empty();
    }
}
