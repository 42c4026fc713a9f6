package dev.jbuild.grammar.shell;

import java.util.Arrays;

/**
 * A shell pattern as BuildKit uses it in {@code ${v#p}}, {@code ${v%p}} and {@code ${v/p/r}}:
 * {@code *} matches any run of characters, {@code ?} any one character, and a backslash makes
 * {@code *}, {@code ?} or itself literal; a backslash before <code>}</code> or <code>/</code> is
 * dropped and any other escape is an error. Everything else, <code>[</code> and <code>]</code>
 * included, is literal (BuildKit has no bracket expressions). BuildKit translates the pattern to a
 * Go regular expression, so matching follows Go's leftmost-first rules: wildcards never match a
 * newline, and {@code //} replacement expands {@code $0}, {@code $$} and other {@code $}
 * references in the replacement text while {@code /} does not. Matching fills one table row per
 * pattern token instead of backtracking, so its cost is pattern length times value length, never
 * exponential.
 */
final class ShellPattern {

    private static final int ANY = -1;
    private static final int STAR = -2;

    /** Literal code points, or {@link #ANY} / {@link #STAR}. */
    private final int[] tokens;
    /** Whether {@code *} prefers the longest run (Go {@code .*}) or the shortest ({@code .*?}). */
    private final boolean greedy;

    private ShellPattern(int[] tokens, boolean greedy) {
        this.tokens = tokens;
        this.greedy = greedy;
    }

    /**
     * @param shown  the pattern as the user wrote it, for the error message
     * @param offset where the substitution starts in the word, for the error offset
     */
    static ShellPattern compile(String pattern, boolean greedy, String shown, int offset)
            throws ShellExpansionException {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int n = 0;
        // BuildKit reads the pattern with Go's text scanner, which drops a leading byte-order mark.
        int i = in.length > 0 && in[0] == 0xFEFF ? 1 : 0;
        while (i < in.length) {
            int ch = in[i++];
            if (ch == '*') {
                out[n++] = STAR;
            } else if (ch == '?') {
                out[n++] = ANY;
            } else if (ch == '\\') {
                if (i < in.length && (in[i] == '}' || in[i] == '/')) {
                    continue; // escaped only to get past the ${...} syntax; not part of the pattern
                }
                if (i >= in.length) {
                    throw invalidPattern(shown, "invalid escape '\\' at end of pattern", offset);
                }
                int escaped = in[i++];
                if (escaped != '*' && escaped != '?' && escaped != '\\') {
                    throw invalidPattern(shown,
                            "invalid escape '\\" + Character.toString(escaped) + "'", offset);
                }
                out[n++] = escaped;
            } else {
                out[n++] = ch;
            }
        }
        return new ShellPattern(Arrays.copyOf(out, n), greedy);
    }

    private static ShellExpansionException invalidPattern(String shown, String why, int offset) {
        return new ShellExpansionException(
                "invalid pattern (" + shown + ") in substitution: " + why, offset);
    }

    /** {@code ${v#p}} ({@code longest} false) and {@code ${v##p}}. */
    static String trimPrefix(String pattern, String value, boolean longest, int offset)
            throws ShellExpansionException {
        return compile(pattern, longest, pattern, offset).trimMatchedPrefix(value);
    }

    /**
     * {@code ${v%p}} and {@code ${v%%p}}. As in BuildKit, the pattern (escapes kept with the
     * character they escape) and the value are reversed and the prefix is trimmed, which turns
     * "shortest/longest suffix" into a leftmost search; the reversal also decides which odd
     * patterns are valid, so it is done the same way.
     */
    static String trimSuffix(String pattern, String value, boolean longest, int offset)
            throws ShellExpansionException {
        ShellPattern compiled = compile(reversePattern(pattern), longest, pattern, offset);
        return reverse(compiled.trimMatchedPrefix(reverse(value)));
    }

    private String trimMatchedPrefix(String value) {
        int[] subject = value.codePoints().toArray();
        int end = matchEnds(subject)[0];
        return end < 0 ? value : new String(subject, end, subject.length - end);
    }

    /** {@code ${v/p/r}}: the leftmost match is replaced by {@code replacement}, taken literally. */
    String replaceFirst(String value, String replacement) {
        int[] subject = value.codePoints().toArray();
        int[] ends = matchEnds(subject);
        for (int start = 0; start <= subject.length; start++) {
            if (ends[start] >= 0) {
                return new String(subject, 0, start) + replacement
                        + new String(subject, ends[start], subject.length - ends[start]);
            }
        }
        return value;
    }

    /**
     * {@code ${v//p/r}}: Go's {@code Regexp.ReplaceAllString}, including its rules for empty
     * matches and its {@code $} template expansion of the replacement. Null once the result grows
     * past {@code maxChars}: a long value with a long replacement for every character must not
     * be built whole.
     */
    String replaceAll(String value, String replacement, int maxChars) {
        int[] subject = value.codePoints().toArray();
        int[] ends = matchEnds(subject);
        StringBuilder out = new StringBuilder();
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= subject.length) {
            int start = searchPos;
            while (start <= subject.length && ends[start] < 0) {
                start++;
            }
            if (start > subject.length) {
                break;
            }
            int end = ends[start];
            out.append(new String(subject, lastMatchEnd, start - lastMatchEnd));
            // An empty match right after the previous match is not replaced again.
            if (end > lastMatchEnd || start == 0) {
                expandTemplate(out, replacement, new String(subject, start, end - start));
            }
            if (out.length() > maxChars) {
                return null;
            }
            lastMatchEnd = end;
            searchPos = end == searchPos ? searchPos + 1 : end;
        }
        out.append(new String(subject, lastMatchEnd, subject.length - lastMatchEnd));
        return out.toString();
    }

    /**
     * Go's {@code Regexp.Expand} for a regexp without groups: {@code $$} is {@code $},
     * {@code $0} / {@code ${0}} is the match, any other well-formed {@code $name} /
     * {@code ${name}} is empty, and a malformed one is kept as text.
     */
    private static void expandTemplate(StringBuilder out, String template, String match) {
        int i = 0;
        int len = template.length();
        while (i < len) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < len && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            int j = i;
            boolean brace = j < len && template.charAt(j) == '{';
            if (brace) {
                j++;
            }
            int nameStart = j;
            while (j < len) {
                int ch = template.codePointAt(j);
                if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                    break;
                }
                j += Character.charCount(ch);
            }
            if (j == nameStart || (brace && (j >= len || template.charAt(j) != '}'))) {
                out.append('$');
                continue;
            }
            String name = template.substring(nameStart, j);
            i = brace ? j + 1 : j;
            if (name.equals("0")) {
                out.append(match);
            }
        }
        out.append(template, i, len);
    }

    /**
     * For every start position in {@code subject}, the end of the match Go's leftmost-first
     * engine reports when matching starts there, or -1. Computed backwards token by token: the
     * end reached from token {@code t} at position {@code i} depends only on the row for
     * {@code t + 1}, and a star picks, among the positions it can reach without crossing a
     * newline, the farthest (greedy) or nearest (lazy) one from which the rest matches.
     */
    private int[] matchEnds(int[] subject) {
        int n = subject.length;
        int[] next = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            // An exhausted pattern matches here: the regexp is not anchored at the end.
            next[i] = i;
        }
        for (int t = tokens.length - 1; t >= 0; t--) {
            int token = tokens[t];
            int[] row = new int[n + 1];
            if (token == STAR) {
                int chosen = -1;
                for (int i = n; i >= 0; i--) {
                    if (i < n && subject[i] == '\n') {
                        chosen = -1; // a star cannot run past a newline
                    }
                    if (next[i] >= 0 && (!greedy || chosen < 0)) {
                        chosen = i;
                    }
                    row[i] = chosen < 0 ? -1 : next[chosen];
                }
            } else {
                for (int i = 0; i <= n; i++) {
                    boolean matches = i < n
                            && (token == ANY ? subject[i] != '\n' : subject[i] == token);
                    row[i] = matches ? next[i + 1] : -1;
                }
            }
            next = row;
        }
        return next;
    }

    /** BuildKit's pattern reversal: an escape stays in front of the character it escapes. */
    static String reversePattern(String pattern) {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int last = in.length - 1;
        int i = 0;
        while (i <= last) {
            int ch = in[i];
            int at = last - i;
            if (ch == '\\' && i != last) {
                out[at - 1] = ch;
                out[at] = in[i + 1];
                i += 2;
            } else {
                out[at] = ch;
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        for (int i = 0, j = cps.length - 1; i < j; i++, j--) {
            int tmp = cps[i];
            cps[i] = cps[j];
            cps[j] = tmp;
        }
        return new String(cps, 0, cps.length);
    }
}
