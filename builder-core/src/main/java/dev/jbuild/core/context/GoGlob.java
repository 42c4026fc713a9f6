package dev.jbuild.core.context;

import java.util.regex.Pattern;

/**
 * A shell pattern with the semantics of Go's {@code filepath.Match}, which Docker documents for
 * COPY and ADD sources: {@code *} is any run of characters but {@code /}, {@code ?} one character
 * but {@code /}, {@code [a-z]} and {@code [^a-z]} a character class (which, as in Go, may match a
 * {@code /}), and a backslash makes the next character literal. Malformed patterns, such as an
 * unclosed class or a trailing backslash, are refused when compiled, as Go refuses them.
 *
 * <p>The pattern becomes a {@link java.util.regex.Pattern} whose every literal is written as a code
 * point escape, so no character of a file name can take on a regex meaning.
 */
final class GoGlob {

    private final String text;
    private final Pattern regex;
    private final int separators;
    private final boolean classMayMatchSlash;

    private GoGlob(String text, Pattern regex, int separators, boolean classMayMatchSlash) {
        this.text = text;
        this.regex = regex;
        this.separators = separators;
        this.classMayMatchSlash = classMayMatchSlash;
    }

    /** Compiles the pattern; throws IllegalArgumentException naming it when it is malformed. */
    static GoGlob compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        int separators = 0;
        boolean slashClass = false;
        int i = 0;
        while (i < pattern.length()) {
            int c = pattern.codePointAt(i);
            switch (c) {
                case '*' -> {
                    while (i < pattern.length() && pattern.charAt(i) == '*') {
                        i++;
                    }
                    regex.append("[^/]*");
                }
                case '?' -> {
                    regex.append("[^/]");
                    i++;
                }
                case '[' -> {
                    CharacterClass parsed = CharacterClass.parse(pattern, i, false);
                    regex.append(parsed.regex());
                    slashClass |= parsed.mayMatchSlash();
                    i = parsed.end();
                }
                case '\\' -> {
                    if (i + 1 >= pattern.length()) {
                        throw badPattern(pattern, "it ends with a lone backslash");
                    }
                    int escaped = pattern.codePointAt(i + 1);
                    appendLiteral(escaped, regex);
                    separators += escaped == '/' ? 1 : 0;
                    i += 1 + Character.charCount(escaped);
                }
                default -> {
                    appendLiteral(c, regex);
                    separators += c == '/' ? 1 : 0;
                    i += Character.charCount(c);
                }
            }
        }
        return new GoGlob(pattern, Pattern.compile(regex.toString()), separators, slashClass);
    }

    boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    /**
     * The most {@code /}-separated components a matching name can have, or -1 when a character
     * class could match a {@code /} and so there is no bound.
     */
    int maxComponents() {
        return classMayMatchSlash ? -1 : separators + 1;
    }

    String text() {
        return text;
    }

    /** Whether the text has an unescaped {@code *}, {@code ?} or {@code [}, as BuildKit decides it. */
    static boolean hasWildcards(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    static void appendLiteral(int codePoint, StringBuilder regex) {
        regex.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
    }

    static IllegalArgumentException badPattern(String pattern, String why) {
        return new IllegalArgumentException("syntax error in pattern '" + pattern + "': " + why);
    }

    /**
     * A parsed {@code [...]} class: its regex, where the pattern continues after it, and whether it
     * could match a {@code /}. Go's rules: {@code ^} right after the bracket negates; a {@code -}
     * or {@code ]} must be escaped unless it is a range's dash or the closing bracket; an empty
     * class is malformed.
     */
    record CharacterClass(String regex, int end, boolean mayMatchSlash) {

        /**
         * @param rejectReversedRanges refuse {@code [z-a]} (Go's regexp does; its filepath.Match
         *     accepts it and lets it match nothing)
         */
        static CharacterClass parse(String pattern, int start, boolean rejectReversedRanges) {
            int i = start + 1;
            boolean negated = i < pattern.length() && pattern.charAt(i) == '^';
            if (negated) {
                i++;
            }
            StringBuilder ranges = new StringBuilder();
            boolean slashInRanges = false;
            int count = 0;
            while (true) {
                if (i < pattern.length() && pattern.charAt(i) == ']' && count > 0) {
                    i++;
                    break;
                }
                int[] lo = escapedCodePoint(pattern, i);
                i = lo[1];
                int hi = lo[0];
                if (pattern.charAt(i) == '-') {
                    int[] upper = escapedCodePoint(pattern, i + 1);
                    hi = upper[0];
                    i = upper[1];
                }
                count++;
                if (lo[0] > hi) {
                    if (rejectReversedRanges) {
                        throw badPattern(pattern, "the character range is reversed");
                    }
                    continue; // matches nothing, as in Go
                }
                slashInRanges |= lo[0] <= '/' && '/' <= hi;
                appendLiteral(lo[0], ranges);
                if (hi != lo[0]) {
                    ranges.append('-');
                    appendLiteral(hi, ranges);
                }
            }
            String regex;
            if (ranges.isEmpty()) {
                regex = negated ? "(?s:.)" : "(?!)";
            } else {
                regex = "[" + (negated ? "^" : "") + ranges + "]";
            }
            return new CharacterClass(regex, i, negated != slashInRanges);
        }

        /** {code point, index after it}; the class must go on after it, else it is unterminated. */
        private static int[] escapedCodePoint(String pattern, int i) {
            if (i >= pattern.length()) {
                throw badPattern(pattern, "a character class is not closed");
            }
            char c = pattern.charAt(i);
            if (c == '-' || c == ']') {
                throw badPattern(pattern, "'" + c + "' in a character class must be escaped");
            }
            if (c == '\\') {
                i++;
                if (i >= pattern.length()) {
                    throw badPattern(pattern, "a character class is not closed");
                }
            }
            int codePoint = pattern.codePointAt(i);
            i += Character.charCount(codePoint);
            if (i >= pattern.length()) {
                throw badPattern(pattern, "a character class is not closed");
            }
            return new int[] {codePoint, i};
        }
    }
}
