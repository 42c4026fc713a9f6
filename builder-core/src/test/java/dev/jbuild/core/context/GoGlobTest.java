package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** COPY source wildcards: Go's filepath.Match, on whole relative paths. */
class GoGlobTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("*", "abc", true),
                Arguments.of("*", "a/b", false),
                Arguments.of("a*", "ab/c", false),
                Arguments.of("*/b", "a/b", true),
                Arguments.of("a*/b", "a/c/b", false),
                Arguments.of("a?b", "a/b", false),
                Arguments.of("a[/]b", "a/b", true),
                Arguments.of("a[^x]b", "a/b", true),
                Arguments.of("ab[^b-d]", "abc", false),
                Arguments.of("arr[[]0].txt", "arr[0].txt", true),
                Arguments.of("a\\*b", "a*b", true),
                Arguments.of("a\\*b", "axb", false),
                Arguments.of("[z-a]", "m", false),
                Arguments.of("*.txt", "notes.txt", true),
                Arguments.of("*.txt", ".txt", true),
                Arguments.of("index.?s", "index.js", true),
                Arguments.of("file\nname", "file\nname", true),
                Arguments.of("*", "new\nline", true));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("cases")
    void matchesLikeGoFilepathMatch(String pattern, String name, boolean matches) {
        assertEquals(matches, GoGlob.compile(pattern).matches(name));
    }

    @Test
    void malformedPatternsAreRefused() {
        for (String bad : new String[] {"[", "a[", "[]a]", "[-]", "\\", "[a-b-c]", "[^"}) {
            assertThrows(IllegalArgumentException.class, () -> GoGlob.compile(bad), bad);
        }
    }

    @Test
    void wildcardsAreFoundUnlessEscaped() {
        assertTrue(GoGlob.hasWildcards("*.txt"));
        assertTrue(GoGlob.hasWildcards("a[bc]"));
        assertTrue(GoGlob.hasWildcards("a?"));
        assertFalse(GoGlob.hasWildcards("a\\*b"));
        assertFalse(GoGlob.hasWildcards("plain/name.txt"));
    }

    @Test
    void depthOfMatchesIsBoundedUnlessAClassCouldMatchASlash() {
        assertEquals(2, GoGlob.compile("*/b*").maxComponents());
        assertEquals(-1, GoGlob.compile("a[^x]b").maxComponents());
        assertEquals(1, GoGlob.compile("a[xy]b").maxComponents());
    }
}
