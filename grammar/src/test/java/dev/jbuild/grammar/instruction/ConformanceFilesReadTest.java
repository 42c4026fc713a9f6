package dev.jbuild.grammar.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * BuildKit's parser test files through the instruction layer and the checks: some are invalid
 * here (no FROM, unknown flags), but none may fail with anything but a positioned
 * {@link DockerfileException}.
 */
class ConformanceFilesReadTest {

    private static Path testfiles() {
        String configured = System.getProperty("jbuild.conformance");
        Path root = configured != null ? Path.of(configured) : Path.of("../../shared/conformance");
        Path dir = root.resolve("buildkit/parser/testfiles").normalize();
        assertTrue(Files.isDirectory(dir), "BuildKit conformance data missing: " + dir.toAbsolutePath());
        return dir;
    }

    @TestFactory
    Stream<DynamicTest> everyConformanceDockerfileReadsOrFailsWithAPosition() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(testfiles())) {
            cases = dirs.filter(d -> Files.isRegularFile(d.resolve("Dockerfile"))).sorted().toList();
        }
        assertEquals(33, cases.size(), "number of BuildKit parser cases");
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Dockerfile dockerfile = DockerfileParser.parse(dir.resolve("Dockerfile"));
            try {
                DockerfileCheck result = DockerfileCheck.run(dockerfile);
                assertEquals(result.definition(), new InstructionReader().read(dockerfile));
            } catch (DockerfileException e) {
                assertTrue(e.line() >= 0 && e.column() >= 0, e.getMessage());
                assertTrue(e.getMessage().startsWith("Dockerfile"), e.getMessage());
            }
        }));
    }
}
