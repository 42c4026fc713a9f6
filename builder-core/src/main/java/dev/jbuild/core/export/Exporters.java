package dev.jbuild.core.export;

import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.registry.ImageReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes the exporter an {@link OutputSpec} asks for, with BuildKit's attributes for each type,
 * and the exporters of {@code --push} and {@code --load}. Every problem with what was asked is
 * an {@link ExportOptionException} naming the flag and the attribute, thrown here, before the
 * build starts.
 */
public final class Exporters {

    /** The output types, as BuildKit names them. */
    public static final List<String> TYPES = List.of("image", "registry", "oci", "docker", "local", "tar");

    private static final String[] REWRITE = {"compression", "compression-level", "force-compression", "oci-mediatypes"};

    private Exporters() {
    }

    /**
     * The exporter for one output; {@code warnings} takes notes such as an attribute forced on.
     * Names without {@code name=} are the build's ({@code -t}).
     */
    public static Exporter create(OutputSpec spec, ExportTargets targets, Consumer<String> warnings) {
        return switch (spec.type()) {
            case "image" -> image(spec, targets, false, warnings);
            case "registry" -> image(spec, targets, true, warnings);
            case "oci" -> archive(spec, targets, ArchiveFormat.OCI, warnings);
            case "docker" -> archive(spec, targets, ArchiveFormat.DOCKER, warnings);
            case "local" -> new LocalExporter(Path.of(new ExportAttributes(spec, false, "dest").required("dest", "DIR")));
            case "tar" -> new TarExporter(Destination.of(new ExportAttributes(spec, false, "dest"), targets));
            default -> throw new ExportOptionException(spec.where() + ": unknown type '" + spec.type() + "' (known: "
                    + String.join(", ", TYPES) + ")");
        };
    }

    /** {@code --push}: {@code type=image,push=true} for the build's names. */
    public static Exporter push(ExportTargets targets) {
        if (targets.names().isEmpty()) {
            throw new ExportOptionException("--push needs at least one -t NAME to push to");
        }
        return new ImageExporter(references("--push", targets.names()), true, true, false, Optional.empty(),
                ImageRewrite.Options.distributed(true));
    }

    /** {@code --load}: the image into the Docker daemon that {@code docker} talks to. */
    public static Exporter load(ExportTargets targets) {
        return new DockerLoadExporter(targets.names(), "docker");
    }

    private static Exporter image(OutputSpec spec, ExportTargets targets, boolean registry, Consumer<String> warnings) {
        ExportAttributes attributes = new ExportAttributes(spec, true, with(REWRITE, "name", "push", "store", "unpack",
                "dangling-name-prefix", "name-canonical", "registry.insecure"));
        List<String> names = attributes.names(targets.names());
        boolean push = registry || attributes.bool("push", false);
        if (push && names.isEmpty()) {
            throw attributes.error("pushing needs a name: give name=REF or -t REF");
        }
        // unpack: jbuild's store keeps images as layers that builds read directly; there is no
        // separate unpacked snapshot to prepare, so the attribute is read and has nothing to do.
        attributes.bool("unpack", false);
        if (attributes.bool("registry.insecure", false)) {
            throw attributes.error("registry.insecure=true: jbuild's registry client decides per registry; "
                    + "give --insecure-registry HOST[:PORT] instead");
        }
        Optional<String> dangling = attributes.string("dangling-name-prefix");
        // The prefix must make a valid name with any digest; checked now, with a stand-in digest.
        dangling.ifPresent(prefix -> references(spec.where(), List.of(prefix + "@sha256:" + "0".repeat(64))));
        return new ImageExporter(references(spec.where(), names), push, attributes.bool("store", true),
                attributes.bool("name-canonical", false), dangling,
                ImageRewrite.Options.from(attributes, true, push ? Compression.GZIP : Compression.NONE, warnings));
    }

    private static Exporter archive(OutputSpec spec, ExportTargets targets, ArchiveFormat format,
            Consumer<String> warnings) {
        ExportAttributes attributes = new ExportAttributes(spec, true, with(REWRITE, "dest", "name", "tar"));
        boolean tar = attributes.bool("tar", true);
        if (!tar && format == ArchiveFormat.DOCKER) {
            throw attributes.error("tar=false is only for type=oci (a docker archive is always a tar)");
        }
        ArchiveExporter.Target target = tar ? ArchiveExporter.Target.tar(Destination.of(attributes, targets))
                : ArchiveExporter.Target.directory(Path.of(attributes.required("dest", "DIR")));
        List<String> names = references(spec.where(), attributes.names(targets.names())).stream()
                .map(ImageReference::toString).toList();
        return new ArchiveExporter(format, target, names,
                ImageRewrite.Options.from(attributes, format == ArchiveFormat.OCI, Compression.GZIP, warnings),
                attributes.annotations("annotation-index."));
    }

    private static List<ImageReference> references(String where, List<String> names) {
        return names.stream().map(name -> {
            try {
                return ImageReference.parse(name);
            } catch (IllegalArgumentException e) {
                throw new ExportOptionException(where + ": " + e.getMessage());
            }
        }).toList();
    }

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
