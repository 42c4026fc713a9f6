package dev.jbuild.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's own parser test vectors: every case, read in place, none skipped. */
class ParserConformanceTest {

    private static List<Path> cases(String folder) throws IOException {
        try (Stream<Path> dirs = Files.list(Conformance.buildkit().resolve("parser").resolve(folder))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPositiveCaseDumpsLikeBuildkit() throws IOException {
        List<Path> cases = cases("testfiles");
        assertEquals(33, cases.size(), "number of positive BuildKit cases");
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            Dockerfile parsed = DockerfileParser.parse(dir.resolve("Dockerfile"));
            String expected = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
            assertEquals(expected, BuildkitDump.of(parsed));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyNegativeCaseFailsWithAPosition() throws IOException {
        List<Path> cases = cases("testfiles-negative");
        assertEquals(4, cases.size(), "number of negative BuildKit cases");
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            DockerfileException e = assertThrows(DockerfileException.class,
                    () -> DockerfileParser.parse(dir.resolve("Dockerfile")));
            assertTrue(e.line() >= 1, "error has a line: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("Dockerfile:" + e.line()), e.getMessage());
        }));
    }

    @Test
    void instructionsKnowTheLinesTheySpan() throws Exception {
        Dockerfile parsed = DockerfileParser.parse(
                Conformance.buildkit().resolve("parser/testfile-line/Dockerfile"));
        List<SourceRange> ranges = parsed.instructions().stream().map(Instruction::range).toList();
        assertEquals(List.of(new SourceRange(5, 1, 5), new SourceRange(11, 1, 12), new SourceRange(17, 1, 31)),
                ranges);
    }
}
