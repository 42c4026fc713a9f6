package dev.jbuild.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jbuild.core.testing.Command;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code podman load} reads the OCI and the docker archive, each into a private podman storage
 * in the test's directory (so no image is left behind; only the digest hints podman, like
 * skopeo, keeps in /var/lib/containers/cache), and lists the image under its tag with the config
 * digest jbuild wrote as its id.
 */
class PodmanLoadIT {

    private static final String NAME = "registry.test/team/app:1";

    @TempDir
    Path dir;

    @BeforeEach
    void requirePodman() {
        if (!Command.available("podman")) {
            fail("podman is missing: apt-get install podman");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"type=oci", "type=docker"})
    void podmanLoadsTheArchiveUnderItsTag(String output) throws Exception {
        ExportedImage image = TwoLayerImage.in(dir.resolve("store"), dir.resolve("scratch"), List.of(NAME));
        Path archive = dir.resolve("image.tar");
        Exporters.create(OutputSpec.parse(output + ",dest=" + archive),
                        new ExportTargets(OutputStream.nullOutputStream(), false, image.names()), warning -> { })
                .export(image, line -> { });

        String loaded = podman("load", "-q", "-i", archive.toString());
        assertEquals("Loaded image: " + NAME + "\n", loaded);
        String listed = podman("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        assertEquals(NAME + " " + image.configDigest() + "\n", listed);
    }

    /** podman with every directory it writes under the test's: storage, run state, temporary files. */
    private String podman(String... args) throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(dir.resolve("podman-tmp"));
        List<String> argv = new ArrayList<>(List.of("podman", "--root", dir.resolve("podman-root").toString(),
                "--runroot", dir.resolve("podman-run").toString(), "--tmpdir", tmp.toString(),
                "--storage-driver", "vfs", "--events-backend", "none", "--cgroup-manager", "cgroupfs"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), argv + " failed:\n" + out);
        return out;
    }
}
