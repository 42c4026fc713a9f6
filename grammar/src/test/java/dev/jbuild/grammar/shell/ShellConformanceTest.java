package dev.jbuild.grammar.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * BuildKit's shell-lexer test vectors ({@code buildkit/shell/envVarTest} and {@code wordsTest}),
 * read in place and interpreted as described in section 2 of the conformance README. We emulate
 * Unix, so {@code A} and {@code U} lines of {@code envVarTest} run.
 */
class ShellConformanceTest {

    private static final int EXPECTED_ENV_VAR_CASES = 228;
    private static final int EXPECTED_WORDS_CASES = 24;

    private static final Map<String, String> ENV_VAR_TEST_ENV = Map.of(
            "PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");

    // Counted so that a case silently not run (not only one that is missing) fails the class.
    private static final AtomicInteger envVarCasesRun = new AtomicInteger(-1);
    private static final AtomicInteger wordsCasesRun = new AtomicInteger(-1);

    private final ShellWordExpander expander = new ShellWordExpander('\\');

    @TestFactory
    List<DynamicTest> envVarTest() {
        List<String> lines = readLines("envVarTest");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            line = goTrimSpace(line);
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\|", -1);
            assertEquals(3, fields.length, "line " + lineNumber + " must have 3 fields: " + line);
            String platform = goTrimSpace(fields[0]);
            String input = goTrimSpace(fields[1]);
            String expected = goTrimSpace(fields[2]);
            assertTrue(platform.equals("A") || platform.equals("U") || platform.equals("W"),
                    "line " + lineNumber + ": bad platform " + platform);
            if (platform.equals("W")) {
                continue; // Windows looks names up case-insensitively; we emulate Unix
            }
            tests.add(DynamicTest.dynamicTest("line " + lineNumber + ": " + input, () -> {
                envVarCasesRun.incrementAndGet();
                if (expected.equals("error")) {
                    assertThrows(ShellExpansionException.class,
                            () -> expander.expandWord(input, ENV_VAR_TEST_ENV::get),
                            "line " + lineNumber + ": " + input);
                } else {
                    assertEquals(expected, expander.expandWord(input, ENV_VAR_TEST_ENV::get).value(),
                            "line " + lineNumber + ": " + input);
                }
            }));
        }
        assertEquals(EXPECTED_ENV_VAR_CASES, tests.size(), "applicable envVarTest lines");
        envVarCasesRun.set(0);
        return tests;
    }

    @TestFactory
    List<DynamicTest> wordsTest() {
        List<String> lines = readLines("wordsTest");
        Map<String, String> env = new HashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String definition = line.substring(3).replaceFirst("^ +", "");
                int eq = definition.indexOf('=');
                // The value is verbatim: trailing spaces are part of it.
                if (eq < 0) {
                    env.put(definition, "");
                } else {
                    env.put(definition.substring(0, eq), definition.substring(eq + 1));
                }
                continue;
            }
            String[] parts = line.split("\\|", -1);
            assertEquals(2, parts.length, "line " + lineNumber + " must contain exactly one |");
            String input = goTrimSpace(parts[0]);
            List<String> expected = Arrays.asList(parts[1].replaceFirst("^ +", "").split(",", -1));
            // Definitions build up line by line, so each case sees a snapshot.
            Map<String, String> snapshot = Map.copyOf(env);
            tests.add(DynamicTest.dynamicTest("line " + lineNumber + ": " + input, () -> {
                wordsCasesRun.incrementAndGet();
                List<String> actual;
                try {
                    actual = expander.expandWords(input, snapshot::get).words();
                } catch (ShellExpansionException e) {
                    actual = List.of("error");
                }
                assertEquals(expected, actual, "line " + lineNumber + ": " + input);
            }));
        }
        assertEquals(EXPECTED_WORDS_CASES, tests.size(), "wordsTest cases");
        wordsCasesRun.set(0);
        return tests;
    }

    @AfterAll
    static void everyCaseRan() {
        // -1: that factory was not selected in this run.
        if (envVarCasesRun.get() >= 0) {
            assertEquals(EXPECTED_ENV_VAR_CASES, envVarCasesRun.get(), "envVarTest cases run");
        }
        if (wordsCasesRun.get() >= 0) {
            assertEquals(EXPECTED_WORDS_CASES, wordsCasesRun.get(), "wordsTest cases run");
        }
    }

    private static Path conformanceDir() {
        String configured = System.getProperty("jbuild.conformance");
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.dir")).resolve("../../shared/conformance");
        return dir.normalize();
    }

    /** The file's lines, split at LF as Go's bufio.Scanner does (a trailing CR is dropped). */
    private static List<String> readLines(String name) {
        Path file = conformanceDir().resolve("buildkit/shell").resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("conformance file missing: " + file
                    + " (set -Djbuild.conformance to the shared/conformance folder)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(file + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        return lines;
    }

    /** Go's strings.TrimSpace: trims Unicode white space, which String.strip does not match. */
    private static String goTrimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && ShellWordLexer.isGoSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && ShellWordLexer.isGoSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }
}
