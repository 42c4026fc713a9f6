package dev.jbuild.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the input, the parser either returns a tree or throws a positioned
 * DockerfileException; nothing else escapes. Inputs are mutations of BuildKit's test Dockerfiles
 * and random text over the characters that matter to the grammar.
 */
class ParserRobustnessPropertiesTest {

    private static final String INTERESTING = "\\`\"'#<>-=[]{},:$ \t\r\n\u00A0\u2028 EOFRUNCOPYadd0123456789";

    private static final List<String> SEEDS = seeds();

    private static List<String> seeds() {
        Path root = Conformance.buildkit().resolve("parser");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("Dockerfile")).sorted()
                    .map(ParserRobustnessPropertiesTest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 3000)
    void mutatedBuildkitDockerfilesParseOrFailWithAPosition(@ForAll("mutants") String text) {
        assertParsesOrFailsCleanly(text);
    }

    @Property(tries = 3000)
    void randomTextParsesOrFailsWithAPosition(@ForAll("noise") String text) {
        assertParsesOrFailsCleanly(text);
    }

    private static void assertParsesOrFailsCleanly(String text) {
        try {
            Dockerfile parsed = new DockerfileParser("Dockerfile").parse(text);
            assertTrue(!parsed.instructions().isEmpty());
            BuildkitDump.of(parsed);
        } catch (DockerfileException e) {
            assertTrue(e.line() >= 1, "error without a line: " + e.getMessage());
            e.describe();
        }
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> lines = Arbitraries.strings().withChars(INTERESTING.toCharArray())
                .withCharRange('a', 'z').ofMaxLength(40);
        return lines.list().ofMaxSize(12).map(l -> String.join("\n", l));
    }

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 100_000);
        Arbitrary<String> insert = Arbitraries.strings().withChars(INTERESTING.toCharArray()).ofMinLength(0).ofMaxLength(6);
        Arbitrary<Integer> deleted = Arbitraries.integers().between(0, 6);
        return Combinators.combine(seed, position, insert, deleted).as((s, at, ins, del) -> {
            int i = s.isEmpty() ? 0 : at % (s.length() + 1);
            int end = Math.min(s.length(), i + del);
            return s.substring(0, i) + ins + s.substring(end);
        });
    }
}
