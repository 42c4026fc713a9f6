package dev.jbuild.maven;

import dev.jbuild.core.export.ExportedImage;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.store.ArchiveFormat;
import dev.jbuild.core.store.ImageArchive;
import dev.jbuild.core.store.StoredImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes the built image as one tar that {@code docker load} (docker format) or OCI tools (oci
 * format) read, under each of its names or {@code fallbackName} when it has none; written beside
 * the target and moved into place, so a failed build leaves no half archive.
 */
final class ArchiveExport implements Exporter {

    private final Path file;
    private final ArchiveFormat format;
    private final String fallbackName;

    ArchiveExport(Path file, ArchiveFormat format, String fallbackName) {
        this.file = file.toAbsolutePath();
        this.format = format;
        this.fallbackName = fallbackName;
    }

    @Override
    public String description() {
        return "exporting to " + format.name().toLowerCase(Locale.ROOT) + " image format";
    }

    @Override
    public void export(ExportedImage image, Consumer<String> log) throws IOException {
        List<String> names = image.names().isEmpty() ? List.of(fallbackName) : image.names();
        List<StoredImage> images = names.stream().map(n -> new StoredImage(n, image.manifest())).toList();
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            new ImageArchive(image.store()).write(images, format, out);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        log.accept("wrote " + file + " (" + String.join(", ", names) + ")");
    }
}
