package dev.jbuild.grammar.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.shell.ShellWordExpander.Options;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever the input, options and escape character, expansion either succeeds or fails with a
 * {@link ShellExpansionException} pointing inside the word; nothing else escapes.
 */
class ShellWordExpanderPropertiesTest {

    /** The characters the lexer gives meaning to, plus a few name characters and blanks. */
    private static final String SHELLISH = "${}:-+?#%/\\'\"*`<$${{}} \t\nAB_a10@";

    @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
    void expandWordEitherSucceedsOrThrowsShellExpansionException(
            @ForAll("shellish") String word, @ForAll("environments") Map<String, String> env,
            @ForAll boolean backtick, @ForAll boolean rawQuotes, @ForAll boolean rawEscapes,
            @ForAll boolean skipUnsetEnv, @ForAll boolean skipProcessQuotes) {
        ShellWordExpander expander = new ShellWordExpander(backtick ? '`' : '\\')
                .withOptions(new Options(rawQuotes, rawEscapes, skipUnsetEnv, skipProcessQuotes));
        try {
            Expansion result = expander.expandWord(word, env::get);
            assertNotNull(result.value());
            assertTrue(result.used().stream().allMatch(env::containsKey));
            assertTrue(result.missing().stream().noneMatch(env::containsKey));
        } catch (ShellExpansionException e) {
            assertOffsetInside(word, e);
        }
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
    void expandWordsEitherSucceedsOrThrowsShellExpansionException(
            @ForAll("shellish") String word, @ForAll("environments") Map<String, String> env,
            @ForAll boolean backtick, @ForAll boolean rawQuotes, @ForAll boolean rawEscapes,
            @ForAll boolean skipUnsetEnv, @ForAll boolean skipProcessQuotes) {
        ShellWordExpander expander = new ShellWordExpander(backtick ? '`' : '\\')
                .withOptions(new Options(rawQuotes, rawEscapes, skipUnsetEnv, skipProcessQuotes));
        try {
            WordsExpansion result = expander.expandWords(word, env::get);
            assertFalse(result.words().contains(""), "no empty words");
        } catch (ShellExpansionException e) {
            assertOffsetInside(word, e);
        }
    }

    private static void assertOffsetInside(String word, ShellExpansionException e) {
        assertNotNull(e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= word.length(),
                () -> "offset " + e.offset() + " outside " + word.length());
    }

    @Provide
    Arbitrary<String> shellish() {
        Arbitrary<String> biased = Arbitraries.strings().withChars(SHELLISH.toCharArray())
                .ofMaxLength(40);
        Arbitrary<String> mixed = Arbitraries.strings()
                .withChars(SHELLISH.toCharArray())
                .withCharRange('a', 'e')
                .withChars('\uFEFF', '\u00A0', '한', '[', ']', '.', '\\')
                .ofMaxLength(60);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(30);
        return Arbitraries.frequencyOf(
                Tuple.of(6, biased),
                Tuple.of(3, mixed),
                Tuple.of(1, anything));
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        Arbitrary<String> names = Arbitraries.of("A", "B", "a", "_", "1", "0", "@", "AB", "");
        Arbitrary<String> values = Arbitraries.strings()
                .withChars("*?\\/}{$#% \nab0".toCharArray())
                .ofMaxLength(12);
        return Arbitraries.maps(names, values).ofMaxSize(5);
    }

    /**
     * The pattern engine against java.util.regex on the regular expression BuildKit would build:
     * both are leftmost-first backtracking semantics, and UNIX_LINES makes '.' exclude only
     * '\n' as Go's does.
     */
    @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
    void patternMatchingAgreesWithBacktrackingRegex(
            @ForAll("patterns") String pattern, @ForAll("subjects") String value,
            @ForAll boolean longest) {
        String regex = toRegex(pattern, longest);
        String reversedRegex = toRegex(ShellPattern.reversePattern(pattern), longest);
        String greedyRegex = toRegex(pattern, true);
        try {
            String prefixTrimmed = ShellPattern.trimPrefix(pattern, value, longest, 0);
            String suffixTrimmed = ShellPattern.trimSuffix(pattern, value, longest, 0);
            ShellPattern replacing = ShellPattern.compile(pattern, true, pattern, 0);
            assertTrue(regex != null && reversedRegex != null, "BuildKit rejects " + pattern);

            Matcher prefix = Pattern.compile("^" + regex, Pattern.UNIX_LINES).matcher(value);
            assertEquals(prefix.find() ? value.substring(prefix.end()) : value, prefixTrimmed);

            String reversedValue = new StringBuilder(value).reverse().toString();
            Matcher suffix = Pattern.compile("^" + reversedRegex, Pattern.UNIX_LINES)
                    .matcher(reversedValue);
            String expectedSuffix = suffix.find()
                    ? new StringBuilder(reversedValue.substring(suffix.end())).reverse().toString()
                    : value;
            assertEquals(expectedSuffix, suffixTrimmed);

            Matcher first = Pattern.compile(greedyRegex, Pattern.UNIX_LINES).matcher(value);
            String expectedFirst = first.find()
                    ? value.substring(0, first.start()) + "<>" + value.substring(first.end())
                    : value;
            assertEquals(expectedFirst, replacing.replaceFirst(value, "<>"));
            assertEquals(goReplaceAll(Pattern.compile(greedyRegex, Pattern.UNIX_LINES), value),
                    replacing.replaceAll(value, "<>", Integer.MAX_VALUE));
        } catch (ShellExpansionException e) {
            assertTrue(regex == null || reversedRegex == null, "BuildKit accepts " + pattern);
        }
    }

    /** BuildKit's translation of a shell pattern to a regexp, or null where it fails. */
    private static String toRegex(String pattern, boolean greedy) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                out.append(greedy ? ".*" : ".*?");
            } else if (c == '?') {
                out.append('.');
            } else if (c == '\\') {
                if (i + 1 < pattern.length() && "}/".indexOf(pattern.charAt(i + 1)) >= 0) {
                    continue;
                }
                if (i + 1 >= pattern.length() || "*?\\".indexOf(pattern.charAt(i + 1)) < 0) {
                    return null;
                }
                out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    /** Go's ReplaceAllString loop, driven by java.util.regex. */
    private static String goReplaceAll(Pattern regex, String value) {
        Matcher m = regex.matcher(value);
        StringBuilder out = new StringBuilder();
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= value.length() && m.find(searchPos)) {
            out.append(value, lastMatchEnd, m.start());
            if (m.end() > lastMatchEnd || m.start() == 0) {
                out.append("<>");
            }
            lastMatchEnd = m.end();
            searchPos = m.end() == searchPos ? searchPos + 1 : m.end();
        }
        return out.append(value.substring(lastMatchEnd)).toString();
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab*?\\}/\n".toCharArray()).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.strings().withChars("ab*?\\}/\n".toCharArray()).ofMaxLength(14);
    }
}
