package dev.jbuild.cli;

import dev.jbuild.core.export.ExportedImage;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.store.ArchiveFormat;
import dev.jbuild.core.store.ImageArchive;
import dev.jbuild.core.store.StoredImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * {@code -o type=oci|docker|local|tar,dest=…}: an OCI layout tar, a docker-load archive, the
 * image's file tree in a directory (layers applied in order), or that tree as a tar.
 */
record LegacyOutput(String type, Path dest) implements Exporter {
    /** Writing an image's tree as a tar takes minutes at most; a hung tar must not hang the command. */
    private static final Duration TAR_TIMEOUT = Duration.ofHours(1);

    static LegacyOutput parse(CommandLine cl, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new CommandLine.ParameterException(cl, "--output: '" + part + "' is not key=value");
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        String type = fields.getOrDefault("type", "");
        String dest = fields.get("dest");
        if (dest == null) {
            throw new CommandLine.ParameterException(cl, "--output needs dest=FILE or dest=DIR");
        }
        if (!List.of("oci", "docker", "local", "tar").contains(type)) {
            throw new CommandLine.ParameterException(cl, "--output type=" + type
                    + " is not supported: use type=oci, docker, local or tar");
        }
        return new LegacyOutput(type, Path.of(dest));
    }

    @Override
    public String description() {
        return "exporting to " + type + " " + dest;
    }

    @Override
    public void export(ExportedImage image, Consumer<String> log) throws IOException {
        if (type.equals("oci") || type.equals("docker")) {
            String name = image.names().isEmpty() ? "jbuild-output:latest" : image.names().get(0);
            try (OutputStream out = Files.newOutputStream(dest)) {
                new ImageArchive(image.store()).write(List.of(new StoredImage(name, image.manifest())),
                        type.equals("oci") ? ArchiveFormat.OCI : ArchiveFormat.DOCKER, out);
            }
            return;
        }
        Path tree = type.equals("local") ? Files.createDirectories(dest) : Files.createTempDirectory("jbuild-output");
        ImageManifest manifest = ImageJson.read(image.store().readBlob(image.manifest().digest()), ImageManifest.class);
        for (Descriptor layer : manifest.layers()) {
            new LayerApplier().apply(image.store().blobs().path(layer.digest()), tree);
        }
        if (type.equals("tar")) {
            new HostCommand(List.of("tar", "--numeric-owner", "-C", tree.toString(), "-cf",
                    dest.toAbsolutePath().toString(), "."), TAR_TIMEOUT).check();
            TreeDeletion.delete(tree);
        }
    }
}
