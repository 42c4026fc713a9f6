package dev.jbuild.core.context;

import dev.jbuild.core.fs.PathClean;
import java.util.ArrayList;
import java.util.List;

/**
 * The exclusion rules of a {@code .dockerignore} file (or of {@code COPY --exclude}), applied as
 * Docker and BuildKit apply them: a path is excluded when the last pattern that matches the path
 * or one of its parent directories is a plain pattern, and kept when it is a {@code !} exception
 * (or when no pattern matches). The context root itself is never excluded.
 *
 * <p>An excluded directory is still searched when an exception might re-include something inside
 * it ({@link #mayIncludeBelow}); such a directory then takes part only as the parent of what was
 * re-included.
 */
public final class IgnorePatterns {

    /** No patterns: nothing is excluded. */
    public static final IgnorePatterns NONE = new IgnorePatterns(List.of());

    private final List<IgnorePattern> patterns;
    private final boolean hasExceptions;

    private IgnorePatterns(List<IgnorePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.hasExceptions = patterns.stream().anyMatch(IgnorePattern::exception);
    }

    /**
     * Parses the text of an ignore file. A UTF-8 byte order mark is dropped; a line starting with
     * {@code #} is a comment (only in the first column: {@code " #x"} is a pattern); lines are
     * trimmed, blank ones skipped; each pattern is cleaned as a path and a leading {@code /}
     * dropped, so {@code /foo} and {@code foo} are the same.
     */
    public static IgnorePatterns parse(String fileText) {
        return of(lines(fileText));
    }

    /** The patterns of an ignore file, cleaned but not yet compiled, in order. */
    static List<String> lines(String fileText) {
        List<String> lines = new ArrayList<>();
        String text = fileText.startsWith("\uFEFF") ? fileText.substring(1) : fileText;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            if (!pattern.isEmpty()) {
                pattern = PathClean.of(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            lines.add(exception ? "!" + pattern : pattern);
        }
        return lines;
    }

    /**
     * Compiles patterns as given (each trimmed and cleaned; a leading {@code !} makes an
     * exception). Throws IllegalArgumentException for a bare {@code !} or a malformed pattern.
     */
    public static IgnorePatterns of(List<String> patterns) {
        List<IgnorePattern> compiled = new ArrayList<>();
        for (String raw : patterns) {
            String pattern = raw.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            pattern = PathClean.of(pattern);
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                if (pattern.length() == 1) {
                    throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
                }
                pattern = pattern.substring(1);
            }
            compiled.add(IgnorePattern.compile(pattern, exception));
        }
        return new IgnorePatterns(compiled);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The patterns as written after cleaning, exceptions with their {@code !}, in order. */
    public List<String> patterns() {
        return patterns.stream().map(p -> p.exception() ? "!" + p.text() : p.text()).toList();
    }

    /** Whether the context-relative, slash-separated path is excluded. */
    public boolean excludes(String path) {
        if (patterns.isEmpty()) {
            return false;
        }
        String cleaned = PathClean.of(path);
        if (cleaned.equals(".")) {
            return false;
        }
        List<String> ancestors = ancestors(cleaned);
        // The last pattern that matches decides, so search from the end.
        for (int i = patterns.size() - 1; i >= 0; i--) {
            IgnorePattern pattern = patterns.get(i);
            if (pattern.matches(cleaned) || matchesAny(pattern, ancestors)) {
                return !pattern.exception();
            }
        }
        return false;
    }

    /** Whether an exception could re-include something strictly below this excluded directory. */
    public boolean mayIncludeBelow(String directory) {
        if (!hasExceptions) {
            return false;
        }
        String cleaned = PathClean.of(directory);
        for (IgnorePattern pattern : patterns) {
            if (pattern.exception() && pattern.mayMatchBelow(cleaned)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(IgnorePattern pattern, List<String> ancestors) {
        for (String ancestor : ancestors) {
            if (pattern.matches(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /** "a/b/c" gives ["a", "a/b"]. */
    private static List<String> ancestors(String path) {
        List<String> ancestors = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            ancestors.add(path.substring(0, slash));
        }
        return ancestors;
    }

    @Override
    public String toString() {
        return patterns().toString();
    }
}
