package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --load} without a docker command or without a daemon fails saying which is missing. */
class DockerLoadExporterTest {

    @TempDir
    Path dir;

    @Test
    void loadWithoutTheDockerCommandNamesThePackage() throws Exception {
        ExportedImage image = TwoLayerImage.in(dir.resolve("store"), dir.resolve("scratch"), List.of(TwoLayerImage.NAME));
        IOException e = assertThrows(IOException.class, () -> new DockerLoadExporter(image.names(),
                dir.resolve("no-such-docker").toString()).export(image, line -> { }));
        assertTrue(e.getMessage().contains("docker command, which is not installed (Debian package docker.io)"),
                e.getMessage());
    }

    @Test
    void loadWithoutADaemonSaysDockerInfoFailed() throws Exception {
        ExportedImage image = TwoLayerImage.in(dir.resolve("store"), dir.resolve("scratch"), List.of(TwoLayerImage.NAME));
        // A docker whose daemon is down answers 'docker info' like this.
        Path docker = dir.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' >&2\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class,
                () -> new DockerLoadExporter(image.names(), docker.toString()).export(image, line -> { }));
        assertTrue(e.getMessage().startsWith("--load needs a running Docker daemon, but 'docker info' failed: "
                + "Cannot connect to the Docker daemon"), e.getMessage());
    }
}
