package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code .dockerignore} matching. The single-pattern and multi-pattern tables restate the cases
 * of moby's patternmatcher tests (and the Go filepath.Match cases it borrows), so that a path is
 * ignored here exactly when Docker would not send it.
 */
class IgnorePatternsTest {

    static Stream<Arguments> singlePatterns() {
        return Stream.of(
                // ** at the start, alone or with a slash, matches everything
                Arguments.of("**", "file", true),
                Arguments.of("**", "file/", true),
                Arguments.of("**/", "file", true),
                Arguments.of("**/", "file/", true),
                Arguments.of("**", "/", true),
                Arguments.of("**/", "/", true),
                Arguments.of("**", "dir/file", true),
                Arguments.of("**/", "dir/file", true),
                Arguments.of("**", "dir/file/", true),
                Arguments.of("**/", "dir/file/", true),
                Arguments.of("**/**", "dir/file", true),
                Arguments.of("**/**", "dir/file/", true),
                // a trailing ** matches below a directory, not the directory itself
                Arguments.of("dir/**", "dir/file", true),
                Arguments.of("dir/**", "dir/file/", true),
                Arguments.of("dir/**", "dir/dir2/file", true),
                Arguments.of("dir/**", "dir/dir2/file/", true),
                Arguments.of("abc/**", "abc", false),
                Arguments.of("abc/**", "abc/def", true),
                Arguments.of("abc/**", "abc/def/ghi", true),
                // **/ in front matches at any depth, including none
                Arguments.of("**/dir", "dir", true),
                Arguments.of("**/dir", "dir/file", true),
                Arguments.of("**/dir2/*", "dir/dir2/file", true),
                Arguments.of("**/dir2/*", "dir/dir2/file/", true),
                Arguments.of("**/dir2/**", "dir/dir2/dir3/file", true),
                Arguments.of("**/dir2/**", "dir/dir2/dir3/file/", true),
                Arguments.of("**file", "file", true),
                Arguments.of("**file", "dir/file", true),
                Arguments.of("**/file", "dir/file", true),
                Arguments.of("**file", "dir/dir/file", true),
                Arguments.of("**/file", "dir/dir/file", true),
                Arguments.of("**/file*", "dir/dir/file", true),
                Arguments.of("**/file*", "dir/dir/file.txt", true),
                Arguments.of("**/file*txt", "dir/dir/file.txt", true),
                Arguments.of("**/file*.txt", "dir/dir/file.txt", true),
                Arguments.of("**/file*.txt*", "dir/dir/file.txt", true),
                Arguments.of("**/**/*.txt", "dir/dir/file.txt", true),
                Arguments.of("**/**/*.txt2", "dir/dir/file.txt", false),
                Arguments.of("**/*.txt", "file.txt", true),
                Arguments.of("**/**/*.txt", "file.txt", true),
                Arguments.of("**/foo/bar", "foo/bar", true),
                Arguments.of("**/foo/bar", "dir/foo/bar", true),
                Arguments.of("**/foo/bar", "dir/dir2/foo/bar", true),
                Arguments.of("**/.foo", ".foo", true),
                Arguments.of("**/.foo", "bar.foo", false),
                // a leading ** with nothing wild after it is a plain suffix test: patternmatcher's shortcut
                Arguments.of("**foo", "afoo", true),
                // ** after a prefix
                Arguments.of("a**/*.txt", "a/file.txt", true),
                Arguments.of("a**/*.txt", "a/dir/file.txt", true),
                Arguments.of("a**/*.txt", "a/dir/dir/file.txt", true),
                Arguments.of("a/*.txt", "a/dir/file.txt", false),
                Arguments.of("a/*.txt", "a/file.txt", true),
                Arguments.of("a/*.txt**", "a/file.txt", true),
                // classes, ? and regex characters that mean nothing to a glob
                Arguments.of("a[b-d]e", "ae", false),
                Arguments.of("a[b-d]e", "ace", true),
                Arguments.of("a[b-d]e", "aae", false),
                Arguments.of("a[^b-d]e", "aze", true),
                Arguments.of(".*", ".foo", true),
                Arguments.of(".*", "foo", false),
                Arguments.of("abc.def", "abcdef", false),
                Arguments.of("abc.def", "abc.def", true),
                Arguments.of("abc.def", "abcZdef", false),
                Arguments.of("abc?def", "abcZdef", true),
                Arguments.of("abc?def", "abcdef", false),
                Arguments.of("a\\\\", "a\\", true),
                Arguments.of("a\\*b", "a*b", true),
                Arguments.of("a(b)c/def", "a(b)c/def", true),
                Arguments.of("a(b)c/def", "a(b)c/xyz", false),
                Arguments.of("a.|)$(}+{bc", "a.|)$(}+{bc", true),
                Arguments.of("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
                Arguments.of("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
                // Go's filepath.Match cases; a pattern matching a parent directory matches the path too
                Arguments.of("abc", "abc", true),
                Arguments.of("*", "abc", true),
                Arguments.of("*", "fileutils.go", true),
                Arguments.of("*.go", "fileutils.go", true),
                Arguments.of("*c", "abc", true),
                Arguments.of("a*", "a", true),
                Arguments.of("a*", "abc", true),
                Arguments.of("a*", "ab/c", true),
                Arguments.of("a*/b", "abc/b", true),
                Arguments.of("a*/b", "a/c/b", false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
                Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true),
                Arguments.of("a*b?c*x", "abxbbxdbxebxczzy", false),
                Arguments.of("ab[c]", "abc", true),
                Arguments.of("ab[b-d]", "abc", true),
                Arguments.of("ab[e-g]", "abc", false),
                Arguments.of("ab[^c]", "abc", false),
                Arguments.of("ab[^b-d]", "abc", false),
                Arguments.of("ab[^e-g]", "abc", true),
                Arguments.of("a\\*b", "ab", false),
                Arguments.of("a?b", "a☺b", true),
                Arguments.of("a[^a]b", "a☺b", true),
                Arguments.of("a???b", "a☺b", false),
                Arguments.of("a[^a][^a][^a]b", "a☺b", false),
                Arguments.of("[a-ζ]*", "α", true),
                Arguments.of("*[a-ζ]", "A", false),
                Arguments.of("a?b", "a/b", false),
                Arguments.of("a*b", "a/b", false),
                Arguments.of("[\\]a]", "]", true),
                Arguments.of("[\\-]", "-", true),
                Arguments.of("[x\\-]", "x", true),
                Arguments.of("[x\\-]", "-", true),
                Arguments.of("[x\\-]", "z", false),
                Arguments.of("[\\-x]", "x", true),
                Arguments.of("[\\-x]", "-", true),
                Arguments.of("[\\-x]", "a", false),
                Arguments.of("*x", "xxx", true),
                // the context root is never excluded
                Arguments.of("*.go", ".", false),
                Arguments.of("**", ".", false));
    }

    @ParameterizedTest(name = "pattern {0} on {1}: {2}")
    @MethodSource("singlePatterns")
    void singlePatternMatchesAsPatternmatcherDoes(String pattern, String path, boolean excluded) {
        assertEquals(excluded, IgnorePatterns.of(List.of(pattern)).excludes(path));
    }

    static Stream<Arguments> patternLists() {
        return Stream.of(
                Arguments.of(List.of("!fileutils.go", "*.go"), "fileutils.go", true),
                Arguments.of(List.of("*.go", "!fileutils.go"), "fileutils.go", false),
                Arguments.of(List.of("docs", "!docs/README.md"), "docs/README.md", false),
                Arguments.of(List.of("docs/", "!docs/README.md"), "docs/README.md", false),
                Arguments.of(List.of("docs/*", "!docs/README.md"), "docs/README.md", false),
                Arguments.of(List.of("docs", "!docs/README.md"), "docs/other.md", true),
                Arguments.of(List.of("**", "!util/docker/web"), "util/docker/web/foo", false),
                Arguments.of(List.of("**", "!util/docker/web", "util/docker/web/foo"), "util/docker/web/foo", true),
                Arguments.of(List.of("**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"),
                        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
                Arguments.of(List.of("**", "!dist/*.whl"), "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                        false),
                Arguments.of(List.of(), "/any/path/there", false),
                Arguments.of(List.of("docs", "config", ""), "config/x", true),
                // an exception for a directory re-includes what is below it, until a later pattern says otherwise
                Arguments.of(List.of("a", "!a/b", "a/b/c"), "a/b/c/d", true),
                Arguments.of(List.of("a", "!a/b", "a/b/c"), "a/b/x", false));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("patternLists")
    void lastMatchingPatternWins(List<String> patterns, String path, boolean excluded) {
        assertEquals(excluded, IgnorePatterns.of(patterns).excludes(path));
    }

    static Stream<String> malformedPatterns() {
        return Stream.of("[", "[^", "[^bc", "a[", "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[z-a]", "!");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPatterns")
    void malformedPatternsAreRefused(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> IgnorePatterns.of(List.of(pattern)));
    }

    @Test
    void ignoreFileLinesAreTrimmedCleanedAndStrippedOfLeadingSlashes() {
        String file = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
        assertEquals(List.of("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!"),
                IgnorePatterns.lines(file));
    }

    @Test
    void onlyAHashInTheFirstColumnStartsAComment() {
        assertEquals(List.of("#notcomment", "x"), IgnorePatterns.lines("# comment\n #notcomment\n\t\n x \r\n"));
    }

    @Test
    void byteOrderMarkAndWindowsLineEndingsAreDropped() {
        assertEquals(List.of("a", "b/c"), IgnorePatterns.lines("\uFEFFa\r\nb//c/\r\n"));
    }

    @Test
    void patternsAreCleanedAsPaths() {
        assertEquals(List.of("a/c", "!b", "../x"), IgnorePatterns.lines("./a/b/../c/\n!./b//\n../x"));
        IgnorePatterns parsed = IgnorePatterns.parse("./a/b/../c/\n../x");
        assertTrue(parsed.excludes("a/c/file"));
        assertFalse(parsed.excludes("x"), "a pattern above the context matches nothing in it");
    }

    @Test
    void bareExclamationMarkInTheFileIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> IgnorePatterns.parse("a\n!\n"));
    }

    @Test
    void excludedDirectoryIsSearchedOnlyWhenAnExceptionCouldReachInside() {
        IgnorePatterns literal = IgnorePatterns.of(List.of("a", "c", "!a/b"));
        assertTrue(literal.mayIncludeBelow("a"));
        assertFalse(literal.mayIncludeBelow("c"));
        IgnorePatterns trailingGlob = IgnorePatterns.of(List.of("*", "!src/**"));
        assertTrue(trailingGlob.mayIncludeBelow("src"));
        assertFalse(trailingGlob.mayIncludeBelow("target"));
        IgnorePatterns wild = IgnorePatterns.of(List.of("*", "!**/*.md"));
        assertTrue(wild.mayIncludeBelow("anything"));
        assertFalse(IgnorePatterns.of(List.of("a")).mayIncludeBelow("a"), "no exceptions at all");
    }
}
