package dev.jbuild.core.export;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.process.HostCommandException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code --load}: the image as a docker archive (Docker media types, as BuildKit's docker
 * exporter writes it) loaded with {@code docker load}, when a Docker daemon answers
 * {@code docker info}; otherwise an error naming what is missing.
 */
final class DockerLoadExporter implements Exporter {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    // Loading is bounded by the image's size; an hour covers any image a build makes.
    private static final Duration LOAD_TIMEOUT = Duration.ofHours(1);
    // docker load reads plain-tar layers as docker save writes them, and gives the same image id
    // (the config's digest), so the store's layers go as they are, without compressing them.
    private static final ImageRewrite.Options DOCKER_TYPES = ImageRewrite.Options.asStored(false);

    private final List<String> names;
    private final String docker;

    DockerLoadExporter(List<String> names, String docker) {
        this.names = List.copyOf(names);
        this.docker = docker;
    }

    @Override
    public String description() {
        return "loading image into docker";
    }

    @Override
    public Optional<Descriptor> export(ExportedImage image, Consumer<String> log) throws IOException {
        if (MediaType.isIndex(image.manifest().mediaType())) {
            throw new IOException(ImageArchive.NO_DOCKER_INDEX + "; --load takes one --platform, or push the"
                    + " multi-platform image with --push");
        }
        requireDaemon();
        Descriptor manifest = new ImageRewrite(image.store(), DOCKER_TYPES).apply(image.manifest());
        Path scratch = Files.createTempFile(Files.createDirectories(image.store().root()), ".load-", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(scratch)) {
                new ImageArchive(image.store()).write(List.of(new ImageArchive.Entry(manifest, names)),
                        ArchiveFormat.DOCKER, Map.of(), out);
            }
            HostCommand.Result loaded = new HostCommand(List.of(docker, "load", "-i", scratch.toString()), LOAD_TIMEOUT)
                    .check();
            loaded.stdoutText().lines().filter(l -> !l.isBlank()).forEach(log);
        } finally {
            Files.deleteIfExists(scratch);
        }
        return Optional.of(manifest);
    }

    private void requireDaemon() throws IOException {
        HostCommand probe = new HostCommand(List.of(docker, "info", "--format", "{{.ServerVersion}}"), PROBE_TIMEOUT);
        HostCommand.Result result;
        try {
            result = probe.run();
        } catch (HostCommandException e) {
            if (e.reason() == HostCommandException.Reason.NOT_STARTED) {
                throw new IOException("--load needs the docker command, which is not installed (Debian package "
                        + "docker.io); write an archive with -o type=docker,dest=FILE instead", e);
            }
            throw e;
        }
        if (result.exitCode() != 0) {
            throw new IOException("--load needs a running Docker daemon, but 'docker info' failed: "
                    + result.outputTail() + "; start dockerd or write an archive with -o type=docker,dest=FILE");
        }
    }
}
