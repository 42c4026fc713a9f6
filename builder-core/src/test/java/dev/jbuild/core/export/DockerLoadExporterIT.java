package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jbuild.core.testing.Command;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --load} into the real Docker daemon: the image arrives under its name with the config jbuild wrote. */
class DockerLoadExporterIT {

    @TempDir
    Path dir;

    @Test
    void loadPutsTheImageIntoDockerUnderItsName() throws Exception {
        if (!Command.available("docker")) {
            fail("docker is missing: apt-get install docker.io (and start dockerd)");
        }
        String name = "docker.io/library/jbuild-load-test:" + ProcessHandle.current().pid();
        ExportedImage image = TwoLayerImage.in(dir.resolve("store"), dir.resolve("scratch"), List.of(name));
        try {
            Exporters.load(new ExportTargets(OutputStream.nullOutputStream(), false, image.names()))
                    .export(image, line -> { });
            String id = Command.of(dir, "docker", "image", "inspect", "--format", "{{.Id}}",
                    name.substring("docker.io/library/".length())).run().strip();
            assertEquals(image.configDigest().toString(), id);
        } finally {
            new ProcessBuilder("docker", "rmi", "-f", name.substring("docker.io/library/".length()))
                    .redirectErrorStream(true).start().waitFor();
        }
    }
}
