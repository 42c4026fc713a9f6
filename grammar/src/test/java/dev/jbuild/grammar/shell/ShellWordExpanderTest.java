package dev.jbuild.grammar.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.shell.ShellWordExpander.Options;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShellWordExpanderTest {

    private static final ShellWordExpander BACKSLASH = new ShellWordExpander('\\');
    private static final ShellWordExpander BACKTICK = new ShellWordExpander('`');
    /** The mode the parser uses to find heredoc markers. */
    private static final ShellWordExpander HEREDOC_SCAN =
            BACKSLASH.withOptions(new Options(true, true, true, false));

    private static String expand(String word, String... env) throws ShellExpansionException {
        return BACKSLASH.expandWord(word, env(env)::get).value();
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static ShellExpansionException failure(String word, String... env) {
        return assertThrows(ShellExpansionException.class, () -> expand(word, env));
    }

    private static List<String> heredocWords(String line) throws ShellExpansionException {
        return HEREDOC_SCAN.expandWords(line, name -> null).words();
    }

    // --- ${v#p} and ${v##p}

    @Test
    void shortestPrefixRemovalWithSingleHash() throws Exception {
        assertEquals("y", expand("${FOO#*x*y}", "FOO", "xxyy"));
        assertEquals("xyy", expand("${FOO#$BAR}", "FOO", "xxyy", "BAR", "x"));
        assertEquals("b/c", expand("${P#*/}", "P", "a/b/c"));
    }

    @Test
    void longestPrefixRemovalWithDoubleHash() throws Exception {
        assertEquals("yy", expand("${FOO##*x}", "FOO", "xxyy"));
        assertEquals("c", expand("${P##*/}", "P", "a/b/c"));
    }

    @Test
    void loneStarPrefixRemovesNothingButDoubledRemovesAll() throws Exception {
        assertEquals("xxyy", expand("${FOO#*}", "FOO", "xxyy"));
        assertEquals("", expand("${FOO##*}", "FOO", "xxyy"));
        assertEquals("xxyy", expand("${FOO#}", "FOO", "xxyy"));
        assertEquals("xxyy", expand("${FOO##}", "FOO", "xxyy"));
    }

    @Test
    void questionMarkMatchesOneCharAndEscapedQuestionMarkIsLiteral() throws Exception {
        assertEquals("?y", expand("${FOO#?\\?}", "FOO", "???y"));
        assertEquals("bc", expand("${FOO#?}", "FOO", "abc"));
        assertEquals("abc", expand("${FOO#\\?}", "FOO", "abc"));
    }

    @Test
    void regexAndBracketCharactersInPatternsAreLiteral() throws Exception {
        assertEquals("x", expand("${FOO#()[]{\\}^$.\\*\\?|\\\\}", "FOO", "()[]{}^$.*?|\\x"));
        // BuildKit has no bracket expressions: [ab] is three literal characters.
        assertEquals("c", expand("${FOO#[ab]}", "FOO", "[ab]c"));
        assertEquals("ac", expand("${FOO#[ab]}", "FOO", "ac"));
    }

    @Test
    void wildcardsDoNotMatchNewlines() throws Exception {
        // The pattern becomes a Go regexp whose '.' excludes '\n'.
        assertEquals("a\nb", expand("${FOO#*b}", "FOO", "a\nb"));
        assertEquals("a\nb", expand("${FOO#a?}", "FOO", "a\nb"));
        assertEquals("b", expand("${FOO#a\n}", "FOO", "a\nb"));
    }

    @Test
    void patternWordIsExpandedBeforeUse() throws Exception {
        assertEquals("xxyy", expand("${FOO#$BAR}", "FOO", "xxyy", "BAR", ""));
        // The doubled operator is recognised after expansion.
        assertEquals("yy", expand("${FOO#$BAR}", "FOO", "xxyy", "BAR", "#*x"));
    }

    // --- ${v%p} and ${v%%p}

    @Test
    void shortestSuffixRemovalWithSinglePercent() throws Exception {
        assertEquals("axb", expand("${FOO%x*}", "FOO", "axbxc"));
        assertEquals("file.tar", expand("${F%.*}", "F", "file.tar.gz"));
        assertEquals("xxyy", expand("${FOO%x}", "FOO", "xxyy"));
    }

    @Test
    void longestSuffixRemovalWithDoublePercent() throws Exception {
        assertEquals("a", expand("${FOO%%x*}", "FOO", "axbxc"));
        assertEquals("file", expand("${F%%.*}", "F", "file.tar.gz"));
    }

    @Test
    void escapedStarsInSuffixPatternsStayLiteral() throws Exception {
        assertEquals("xx", expand("${FOO%%\\**}", "FOO", "xx**"));
        assertEquals("a", expand("${FOO%%\\**\\*}", "FOO", "a***yy*"));
        assertEquals("a**", expand("${FOO%\\*}", "FOO", "a***"));
    }

    @Test
    void colonBeforePatternOperatorsIsAnError() {
        for (String word : List.of("${FOO:#}", "${FOO:##}", "${FOO:%}", "${FOO:%%}")) {
            ShellExpansionException e = failure(word, "FOO", "x");
            assertEquals("unsupported modifier (" + word.substring(5, 7) + ") in substitution",
                    e.getMessage(), word);
        }
    }

    @Test
    void invalidEscapeInPatternIsAnError() {
        ShellExpansionException e = failure("${FOO#\\x}", "FOO", "x");
        assertEquals("invalid pattern (\\x) in substitution: invalid escape '\\x'", e.getMessage());
    }

    // --- ${v/p/r} and ${v//p/r}

    @Test
    void singleSlashReplacesFirstMatchAndDoubleSlashAll() throws Exception {
        String[] env = {"FOO", "/tmp/tmp/bar.txt", "NEEDLE", "/tmp"};
        assertEquals("/tmp/bar.txt - /bar.txt", expand("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", env));
        assertEquals("https://google.de", expand("${FOO/$N/$R}",
                "FOO", "http://google.de", "N", "http://", "R", "https://"));
    }

    @Test
    void replacementPatternsUseStarAndQuestionMark() throws Exception {
        assertEquals("/foo.*/*.txt - /foo..*.txt", expand("${FOO/$N/.} - ${FOO//$N/.}",
                "FOO", "/foo*/*/*.txt", "N", "\\*/"));
        assertEquals("/foo/b/c.txt - /foo/c.txt", expand("${FOO/$N/$R} - ${FOO//$N/$R}",
                "FOO", "/a/foo/b/c.txt", "N", "/?/", "R", "/"));
        // Stars in replacement patterns are greedy.
        assertEquals("a-", expand("${FOO/b*/-}", "FOO", "abcbc"));
    }

    @Test
    void escapedSlashesAreLiteralInPatternButKeptInReplacement() throws Exception {
        assertEquals("\\/tmp\\/foo.txt", expand("${FOO//\\//\\/}", "FOO", "/tmp/foo.txt"));
    }

    @Test
    void emptyPatternMatchesEmptyStringEverywhere() throws Exception {
        assertEquals("wwxxyy", expand("${FOO/$BAR/ww}", "FOO", "xxyy", "BAR", ""));
        assertEquals("-a-b-", expand("${FOO//$BAR/-}", "FOO", "ab", "BAR", ""));
        assertEquals("xxyy", expand("${FOO///}", "FOO", "xxyy"));
        assertEquals("", expand("${FOO///}"));
    }

    @Test
    void doubleSlashExpandsDollarZeroInReplacementButSingleSlashDoesNot() throws Exception {
        // ${v//p/r} goes through Go's ReplaceAllString, whose template syntax sees $0 and $$.
        assertEquals("f<o><o>", expand("${FOO//o/$R}", "FOO", "foo", "R", "<$0>"));
        assertEquals("f$o$o", expand("${FOO//o/$R}", "FOO", "foo", "R", "$$o"));
        assertEquals("f--", expand("${FOO//o/$R}", "FOO", "foo", "R", "-$1"));
        assertEquals("f<$0>o", expand("${FOO/o/$R}", "FOO", "foo", "R", "<$0>"));
    }

    @Test
    void missingSlashOrBraceInReplacementIsAnError() {
        assertEquals("syntax error: missing '/' in ${}", failure("${FOO//ww}", "FOO", "x").getMessage());
        assertEquals("syntax error: missing '/' in ${}", failure("${FOO//}", "FOO", "x").getMessage());
        assertEquals("syntax error: missing '}'", failure("${FOO/a/b", "FOO", "x").getMessage());
    }

    // --- -, +, ?

    @Test
    void defaultAndAlternativeDistinguishUnsetFromEmptyOnlyWithoutColon() throws Exception {
        assertEquals("xxx  ccc", expand("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", "FOO", "xxx", "BAR", ""));
        assertEquals("xxx bbb ccc", expand("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", "FOO", "xxx", "BAR", ""));
        assertEquals("aaa bbb ", expand("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", "FOO", "xxx", "BAR", ""));
        assertEquals("aaa  ", expand("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", "FOO", "xxx", "BAR", ""));
    }

    @Test
    void platformStyleOptionalSuffix() throws Exception {
        String release = "x-${V}.${OS}-${ARCH}${VARIANT:+-${VARIANT}}.tgz";
        assertEquals("x-1.linux-arm-v7.tgz",
                expand(release, "V", "1", "OS", "linux", "ARCH", "arm", "VARIANT", "v7"));
        assertEquals("x-1.linux-arm64.tgz",
                expand(release, "V", "1", "OS", "linux", "ARCH", "arm64", "VARIANT", ""));
        assertEquals("x-1.linux-arm64.tgz", expand(release, "V", "1", "OS", "linux", "ARCH", "arm64"));
    }

    @Test
    void questionMarkOnUnsetVariableFailsWithBuildKitDefaultMessage() {
        assertEquals("V: is not allowed to be unset", failure("${V?}").getMessage());
        assertEquals("V: is not allowed to be unset", failure("${V:?}").getMessage());
    }

    @Test
    void colonQuestionMarkOnEmptyVariableFailsWithEmptyMessage() throws Exception {
        assertEquals("V: is not allowed to be empty", failure("${V:?}", "V", "").getMessage());
        assertEquals("", expand("${V?}", "V", ""));
        assertEquals("plain", expand("${V:?}", "V", "plain"));
    }

    @Test
    void questionMarkMessageIsTheExpandedWord() throws Exception {
        String[] unset = {"ARG", "x"};
        assertEquals("VAR: message herex", failure("${VAR:?message here$ARG}", unset).getMessage());
        assertEquals("VAR: message herex", failure("${VAR?message here$ARG}", unset).getMessage());
        assertEquals("VAR: message herex",
                failure("${VAR:?message here$ARG}", "VAR", "", "ARG", "x").getMessage());
        assertEquals("plain", expand("${VAR?message here$ARG}", "VAR", "plain", "ARG", "x"));
    }

    @Test
    void assignmentAndUnknownModifiersAreErrors() {
        assertEquals("unsupported modifier (=) in substitution", failure("${FOO=aaa}", "FOO", "x").getMessage());
        assertEquals("unsupported modifier (:=) in substitution", failure("${PWD:=000}", "PWD", "/").getMessage());
        assertEquals("unsupported modifier (:Y) in substitution", failure("${XXX:YYY}").getMessage());
        assertEquals("unsupported modifier (.) in substitution", failure("${.}").getMessage());
    }

    @Test
    void malformedBracesAreErrors() {
        assertEquals("syntax error: missing '}'", failure("${").getMessage());
        assertEquals("syntax error: missing '}'", failure("${abc").getMessage());
        assertEquals("syntax error: bad substitution", failure("${}").getMessage());
        assertEquals("syntax error: bad substitution", failure("${:-x}").getMessage());
        assertEquals("syntax error: bad substitution", failure("${{a}").getMessage());
        // An unterminated quote inside the word is reported as the missing brace.
        assertEquals("syntax error: missing '}'", failure("${a:-'x}").getMessage());
    }

    // --- names

    @Test
    void positionalAndSpecialParametersAreOneNameAndNeverSet() throws Exception {
        assertEquals("aaa", expand("$999aaa"));
        assertEquals("@@", expand("$@@@"));
        assertEquals("$.", expand("$."));
        assertEquals("$", expand("$"));
        Expansion e = BACKSLASH.expandWord("$1 $# ${@:-x}", name -> null);
        assertEquals(Set.of("1", "#", "@"), e.missing());
    }

    // --- used and missing variables

    @Test
    void usedAndMissingVariablesAreReportedInLookupOrder() throws Exception {
        Map<String, String> env = env("FOO", "xxx", "BAR", "", "D", "d");
        Expansion e = BACKSLASH.expandWord("$A ${FOO} ${BAR:-x} ${C:-$D} $FOO", env::get);
        assertEquals(" xxx x d xxx", e.value());
        assertEquals(List.of("FOO", "BAR", "D"), List.copyOf(e.used()));
        // The default word is expanded before the variable itself is looked up.
        assertEquals(List.of("A", "C"), List.copyOf(e.missing()));
    }

    @Test
    void variablesInSingleQuotesAreNotLookedUp() throws Exception {
        Expansion e = BACKSLASH.expandWord("'$A' \\$B \"$C\"", name -> null);
        assertEquals("$A $B ", e.value());
        assertEquals(Set.of("C"), e.missing());
        assertEquals(Set.of(), e.used());
    }

    @Test
    void wordSplittingAlsoReportsVariables() throws Exception {
        WordsExpansion w = BACKSLASH.expandWords("$A ${B:-x y}", env("A", "1 2")::get);
        assertEquals(List.of("1", "2", "x", "y"), w.words());
        assertEquals(Set.of("A"), w.used());
        assertEquals(Set.of("B"), w.missing());
    }

    // --- quoting, escapes and word splitting

    @Test
    void escapesOutsideAndInsideDoubleQuotes() throws Exception {
        assertEquals("abctdef", expand("abc\\tdef"));
        assertEquals("abc\\tdef", expand("\"abc\\tdef\""));
        assertEquals("a\"$\\b", expand("\"a\\\"\\$\\\\b\""));
        assertEquals("hello", expand("hello\\"));
        assertEquals("a\\b", expand("'a\\b'"));
    }

    @Test
    void unterminatedQuotesAreErrors() {
        assertEquals("unexpected end of statement while looking for matching single-quote",
                failure("a'b").getMessage());
        assertEquals("unexpected end of statement while looking for matching double-quote",
                failure("a\"b").getMessage());
    }

    @Test
    void expansionResultsSplitButQuotedTextDoesNot() throws Exception {
        Map<String, String> env = env("V", " a  b ", "N", "x\u00A0y");
        assertEquals(List.of("p", "a", "b", "s"), BACKSLASH.expandWords("p$V s", env::get).words());
        assertEquals(List.of("p a  b s"), BACKSLASH.expandWords("p\"$V\"s", env::get).words());
        assertEquals(List.of("a b"), BACKSLASH.expandWords("a\\ b", env::get).words());
        // Go's unicode.IsSpace counts NO-BREAK SPACE as white space.
        assertEquals(List.of("x", "y"), BACKSLASH.expandWords("$N", env::get).words());
    }

    @Test
    void wordSplittingNeverReturnsEmptyWords() throws Exception {
        assertEquals(List.of(), BACKSLASH.expandWords("\"\"", name -> null).words());
        assertEquals(List.of(), BACKSLASH.expandWords("   ", name -> null).words());
        assertEquals(List.of("a"), BACKSLASH.expandWords("'' a ''", name -> null).words());
    }

    @Test
    void wordSplittingLosesTheUnfinishedWordBeforeANestedWordLikeBuildKit() throws Exception {
        // BuildKit's nested ${v:-w} restarts the word buffer it shares with the outer level.
        assertEquals(List.of("b", "c"), BACKSLASH.expandWords("a${x:-b} c", name -> null).words());
        assertEquals(List.of(), BACKSLASH.expandWords("a${x:-}", name -> null).words());
        assertEquals(List.of("z", "ab"), BACKSLASH.expandWords("z a${x}b", name -> null).words());
        assertEquals("ab c", BACKSLASH.expandWord("a${x:-b} c", name -> null).value());
    }

    @Test
    void skipProcessQuotesTreatsQuotesAsText() throws Exception {
        ShellWordExpander lexer = BACKSLASH.withOptions(new Options(false, false, false, true));
        assertEquals(List.of("'a", "b'", "\"c"), lexer.expandWords("'a b' \"c", name -> null).words());
    }

    @Test
    void rawEscapesDoubleAnOrdinaryEscapeInsideDoubleQuotes() throws Exception {
        ShellWordExpander raw = BACKSLASH.withOptions(new Options(false, true, false, false));
        assertEquals("\\\\a\\\"", raw.expandWord("\"\\a\\\"\"", name -> null).value());
        assertEquals("a\\ b", raw.expandWord("a\\ b", name -> null).value());
    }

    @Test
    void byteOrderMarkAtStartIsDropped() throws Exception {
        assertEquals("ab", expand("\uFEFFab"));
        assertEquals("a\uFEFFb", expand("a\uFEFFb"));
    }

    // --- backtick escape character

    @Test
    void backtickEscapeCharacter() throws Exception {
        assertEquals("a$b", BACKTICK.expandWord("a`$b", name -> null).value());
        assertEquals("x\"y", BACKTICK.expandWord("\"x`\"y\"", name -> null).value());
        assertEquals("a`tb", BACKTICK.expandWord("\"a`tb\"", name -> null).value());
        assertEquals("C:\\dir", BACKTICK.expandWord("C:\\dir", name -> null).value());
        assertEquals(List.of("a\\", "b c"), BACKTICK.expandWords("a\\ b` c", name -> null).words());
        assertEquals("ab", BACKTICK.expandWord("ab`", name -> null).value());
    }

    @Test
    void backtickEscapesBraceInsidePatternWord() throws Exception {
        // Pattern words keep their escapes, and patterns always escape with '\', so with '`'
        // as the escape character "`}" is a literal backtick followed by a brace.
        assertEquals("a", BACKTICK.expandWord("${V%`}}", env("V", "a`}")::get).value());
        assertEquals("}x}", BACKTICK.expandWord("${V%`}}", env("V", "}x}")::get).value());
        assertEquals("x", BACKTICK.expandWord("${V#\\*}", env("V", "*x")::get).value());
    }

    @Test
    void onlyBackslashAndBacktickAreEscapeCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new ShellWordExpander('/'));
    }

    @Test
    void withOptionsReturnsAnotherExpander() throws Exception {
        ShellWordExpander raw = BACKSLASH.withOptions(new Options(true, false, false, false));
        assertNotSame(BACKSLASH, raw);
        assertEquals("'a'", raw.expandWord("'a'", name -> null).value());
        assertEquals("a", BACKSLASH.expandWord("'a'", name -> null).value());
        assertEquals(new Options(false, false, false, false), Options.defaults());
    }

    // --- raw mode for heredoc detection

    @Test
    void heredocMarkerStaysOneWord() throws Exception {
        assertEquals(List.of("cat", "<<EOF"), heredocWords("cat <<EOF"));
        assertEquals(List.of("cat", "<<-EOF", ">", "out"), heredocWords("cat <<-EOF > out"));
        assertEquals(List.of("3<<EOF"), heredocWords("3<<EOF"));
    }

    @Test
    void heredocMarkerWithBlanksAfterLessLessStaysOneWord() throws Exception {
        assertEquals(List.of("cat", "<< EOF"), heredocWords("cat << EOF"));
        assertEquals(List.of("cat", "<< \tEOF", "x"), heredocWords("cat << \tEOF x"));
        assertEquals(List.of("a", "<", "b"), heredocWords("a < b"));
    }

    @Test
    void heredocMarkerQuotesAndEscapesAreKept() throws Exception {
        assertEquals(List.of("cat", "<<\"EOF\""), heredocWords("cat <<\"EOF\""));
        assertEquals(List.of("<<'EOF'", "<<E\"O\"F", "<<\\EOF"), heredocWords("<<'EOF' <<E\"O\"F <<\\EOF"));
    }

    @Test
    void heredocScanLeavesUnsetVariablesAsWritten() throws Exception {
        assertEquals(List.of("echo", "$HOME", "${X}", "${X:-y}", "<<EOF"),
                heredocWords("echo $HOME ${X} ${X:-y} <<EOF"));
        // With skip-unset an unknown operator on an unset variable is not checked.
        assertEquals(List.of("${X:YYY}"), heredocWords("${X:YYY}"));
        // BuildKit rebuilds ${v//p/r} with a single slash.
        assertEquals(List.of("${X/a/b}"), heredocWords("${X//a/b}"));
    }

    // --- error offsets

    @Test
    void errorOffsetPointsAtTheUnclosedConstruct() {
        assertEquals(3, failure("abc${").offset());
        assertEquals(2, failure("ab${X:-foo").offset());
        assertEquals(2, failure("ab'cd").offset());
        assertEquals(1, failure("x\"y").offset());
        assertEquals(2, failure("ab${X/a").offset());
    }

    @Test
    void errorOffsetPointsAtTheOffendingCharacter() {
        assertEquals(3, failure("a${}").offset());
        assertEquals(5, failure("${PWD:=x}", "PWD", "/").offset());
        assertEquals(5, failure("a ${X:#}").offset());
    }

    @Test
    void errorOffsetOfFailedCheckOrPatternIsTheDollar() {
        assertEquals(2, failure("x ${V?boom}").offset());
        assertEquals(2, failure("zz${V/\\q/x}", "V", "v").offset());
        assertEquals(5, failure("${A:-${B?no}}").offset());
    }

    @Test
    void errorOffsetCountsUtf16CharsOfTheWord() {
        assertEquals(4, failure("안녕한국${").offset());
        assertEquals(2, failure("\uD83D\uDE00${").offset());
    }

    @Test
    void absurdNestingFailsCleanlyInsteadOfOverflowingTheStack() throws Exception {
        String deep = "${A:-".repeat(10_000) + "x" + "}".repeat(10_000);
        assertEquals("expansions nested too deeply", failure(deep).getMessage());
        String fine = "${A:-\"".repeat(100) + "x" + "\"}".repeat(100);
        assertEquals("x", expand(fine));
    }

    // --- size limit

    @Test
    void aWordUpToTheLimitExpands() throws ShellExpansionException {
        String half = "x".repeat(ShellWordExpander.MAX_EXPANSION_CHARS / 2);
        assertEquals(ShellWordExpander.MAX_EXPANSION_CHARS, expand("$A$A", "A", half).length());
    }

    @Test
    void aWordLongerThanTheLimitFailsWhereItCrossesIt() {
        String half = "x".repeat(ShellWordExpander.MAX_EXPANSION_CHARS / 2);
        ShellExpansionException e = failure("$A$A\"$A\"", "A", half);
        assertTrue(e.isTooLong());
        assertEquals("expands to more than 1 MiB", e.getMessage());
        assertEquals(4, e.offset()); // the quote whose text crosses the limit
    }

    @Test
    void manyReferencesToALargeValueFailBeforeTheyAreBuilt() {
        String large = "x".repeat(ShellWordExpander.MAX_EXPANSION_CHARS);
        assertTrue(failure("$A".repeat(1000), "A", large).isTooLong());
        assertTrue(failure("${B:-$A$A}", "A", large).isTooLong());
    }

    @Test
    void aReplacementThatMultipliesTheValueFails() {
        String value = "x".repeat(4096);
        assertTrue(failure("${A//x/$B}", "A", value, "B", "y".repeat(4096)).isTooLong());
    }
}
