package dev.jbuild.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where BuildKit's test vectors are: read in place from the shared folder beside the repo. */
final class Conformance {

    private Conformance() {
    }

    static Path buildkit() {
        String configured = System.getProperty("jbuild.conformance");
        Path root = configured != null ? Path.of(configured) : Path.of("../../shared/conformance");
        Path dir = root.resolve("buildkit").normalize();
        assertTrue(Files.isDirectory(dir), "BuildKit conformance data missing: " + dir.toAbsolutePath()
                + " (expected ../shared/conformance beside the repository)");
        return dir;
    }
}
