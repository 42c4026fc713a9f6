package dev.jbuild.core.context;

import java.util.regex.Pattern;

/**
 * One {@code .dockerignore} line after cleaning, matched the way moby's patternmatcher matches
 * it, whose quirks decide what Docker sends and so what must be ignored here too:
 * {@code **} matches any number of directories (a leading {@code **}, with nothing wild after
 * it, matches any path that merely ends with the rest, so {@code **foo} matches {@code afoo});
 * a pattern ending in {@code **} with nothing wild before it matches by prefix; {@code *},
 * {@code ?}, classes and backslash escapes are as in Go's filepath.Match; anything else must
 * equal the path exactly.
 *
 * <p>Two deliberate differences from patternmatcher, both in patterns it mistranslates into a
 * broken regex: {@code *} or {@code ?} inside a class are plain characters here, and {@code ^}
 * outside a class is a plain character (Go's regex read it as an anchor that never matches).
 */
record IgnorePattern(String text, boolean exception, Kind kind, Pattern regex) {

    enum Kind {
        EXACT,
        PREFIX,
        SUFFIX,
        REGEX
    }

    /** Compiles cleaned pattern text (without its {@code !}); throws IllegalArgumentException if malformed. */
    static IgnorePattern compile(String text, boolean exception) {
        // Go's filepath.Match vets every pattern first; a trailing backslash fails there.
        GoGlob.compile(text);
        StringBuilder regex = new StringBuilder();
        Kind kind = Kind.EXACT;
        int i = 0;
        boolean first = true;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            boolean startedAtZero = first;
            first = false;
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                i += 2;
                if (i < text.length() && text.charAt(i) == '/') {
                    i++;
                }
                if (i >= text.length()) {
                    if (kind == Kind.EXACT) {
                        kind = Kind.PREFIX;
                    } else {
                        regex.append(".*");
                        kind = Kind.REGEX;
                    }
                } else {
                    regex.append("(?:.*/)?");
                    kind = Kind.REGEX;
                }
                if (startedAtZero) {
                    kind = Kind.SUFFIX;
                }
                continue;
            }
            switch (c) {
                case '*' -> {
                    regex.append("[^/]*");
                    kind = Kind.REGEX;
                    i++;
                }
                case '?' -> {
                    regex.append("[^/]");
                    kind = Kind.REGEX;
                    i++;
                }
                case '\\' -> {
                    if (i + 1 < text.length()) {
                        int escaped = text.codePointAt(i + 1);
                        GoGlob.appendLiteral(escaped, regex);
                        kind = Kind.REGEX;
                        i += 1 + Character.charCount(escaped);
                    } else {
                        GoGlob.appendLiteral('\\', regex);
                        i++;
                    }
                }
                case '[' -> {
                    GoGlob.CharacterClass parsed = GoGlob.CharacterClass.parse(text, i, true);
                    regex.append(parsed.regex());
                    kind = Kind.REGEX;
                    i = parsed.end();
                }
                case ']' -> {
                    GoGlob.appendLiteral(']', regex);
                    kind = Kind.REGEX;
                    i++;
                }
                default -> {
                    GoGlob.appendLiteral(c, regex);
                    i += Character.charCount(c);
                }
            }
        }
        return new IgnorePattern(text, exception, kind, kind == Kind.REGEX ? Pattern.compile(regex.toString()) : null);
    }

    /** Whether the cleaned, slash-separated relative path matches this pattern by itself (parents aside). */
    boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(text);
            case PREFIX -> path.startsWith(text.substring(0, text.length() - 2));
            case SUFFIX -> {
                String suffix = text.substring(2);
                yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            case REGEX -> regex.matcher(path).matches();
        };
    }

    /**
     * Whether this exception could re-include something strictly below {@code directory}:
     * false only when it is free of wildcards (a trailing {@code /**} or {@code /*} aside) and
     * does not lie under the directory. The same test lets BuildKit skip such directories.
     */
    boolean mayMatchBelow(String directory) {
        String literal = text;
        if (literal.endsWith("/**")) {
            literal = literal.substring(0, literal.length() - 3);
        } else if (literal.endsWith("/*")) {
            literal = literal.substring(0, literal.length() - 2);
        }
        for (int i = 0; i < literal.length(); i++) {
            if ("*[]?^\\".indexOf(literal.charAt(i)) >= 0) {
                return true;
            }
        }
        return (literal + "/").startsWith(directory + "/");
    }
}
