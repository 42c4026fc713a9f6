package dev.jbuild.core.export;

import dev.jbuild.core.image.Descriptor;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One destination for a built image besides jbuild's own store, as one {@code -o/--output} of
 * BuildKit: a registry push, an OCI or docker archive, the image's files. The builder runs each
 * exporter after the image is assembled, as its own progress step named by {@link #description()}.
 */
public interface Exporter {

    /** What the progress log calls the step, e.g. {@code exporting to oci image format}. */
    String description();

    /**
     * Writes the image where this exporter sends it; {@code log} takes lines for the step's
     * progress output (e.g. {@code pushing manifest for …}). Returns the manifest it wrote when it
     * writes an image (a store tag, a push, an archive), which differs from the build's when it
     * recompresses or changes media types; empty when it writes only files ({@code local}, {@code tar}).
     */
    Optional<Descriptor> export(ExportedImage image, Consumer<String> log) throws IOException;
}
