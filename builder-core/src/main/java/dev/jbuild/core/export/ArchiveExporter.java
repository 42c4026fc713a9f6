package dev.jbuild.core.export;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.MediaType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code type=oci} and {@code type=docker}: the image as an OCI layout tar (to a file or standard
 * output), or with {@code tar=false} (OCI only, as BuildKit) as a layout directory; docker's
 * carries {@code manifest.json} for {@code docker load}. Each name becomes an index entry named
 * as containerd names it; layers and media types are rewritten as the attributes ask.
 */
final class ArchiveExporter implements Exporter {

    private final ArchiveFormat format;
    private final Target target;
    private final List<String> names;
    private final ImageRewrite.Options rewrite;
    private final Map<String, String> indexAnnotations;

    /** Where the layout goes: a tar to a destination, or a directory when {@code destination} is empty. */
    record Target(Optional<Destination> tar, Optional<Path> directory) {
        Target {
            if (tar.isPresent() == directory.isPresent()) {
                throw new IllegalArgumentException("an archive goes to a tar or a directory, not both or neither");
            }
        }

        static Target tar(Destination destination) {
            return new Target(Optional.of(destination), Optional.empty());
        }

        static Target directory(Path path) {
            return new Target(Optional.empty(), Optional.of(path));
        }

        String shown() {
            return tar.map(Destination::shown).orElseGet(() -> directory.get() + " (directory)");
        }
    }

    ArchiveExporter(ArchiveFormat format, Target target, List<String> names, ImageRewrite.Options rewrite,
            Map<String, String> indexAnnotations) {
        this.format = Objects.requireNonNull(format, "format");
        this.target = Objects.requireNonNull(target, "target");
        this.names = List.copyOf(names);
        this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
        this.indexAnnotations = Map.copyOf(indexAnnotations);
    }

    @Override
    public String description() {
        String kind = format == ArchiveFormat.OCI ? "oci image format" : "docker image format";
        return "exporting to " + kind + " " + target.shown();
    }

    @Override
    public Optional<Descriptor> export(ExportedImage image, Consumer<String> log) throws IOException {
        if (format == ArchiveFormat.DOCKER && MediaType.isIndex(image.manifest().mediaType())) {
            throw new IOException(ImageArchive.NO_DOCKER_INDEX + "; write -o type=oci for every platform, or build one --platform");
        }
        Descriptor manifest = new IndexRewrite(image.store(), rewrite).apply(image.manifest());
        log.accept((MediaType.isIndex(manifest.mediaType()) ? "exporting manifest list " : "exporting manifest ")
                + manifest.digest());
        List<ImageArchive.Entry> entries = List.of(new ImageArchive.Entry(manifest, names));
        ImageArchive archive = new ImageArchive(image.store());
        if (target.tar().isPresent()) {
            target.tar().get().write(out -> archive.write(entries, format, indexAnnotations, out));
        } else {
            archive.writeDirectory(entries, format, indexAnnotations, target.directory().get());
        }
        names.forEach(name -> log.accept("naming to " + name));
        return Optional.of(manifest);
    }
}
