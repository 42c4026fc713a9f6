package dev.jbuild.grammar.instruction;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a COPY or ADD source names, told apart as BuildKit tells them: a Git repository (a
 * {@code git://}, {@code ssh://} or {@code user@host:path} URL, or an HTTP(S) URL ending in
 * {@code .git}), the {@code github.com/…} shorthand (a Git repository only where a path would
 * make no sense), an HTTP(S) download, or a path in the build context.
 */
public enum SourceKind {
    LOCAL,
    HTTP,
    GIT,
    GITHUB_SHORTHAND;

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://.*");
    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9_.-]+@[^:/]+:.+");

    /** The kind of a source as written (after variable expansion). */
    public static SourceKind of(String source) {
        if (source.startsWith("./") || source.startsWith("../")) {
            return LOCAL;
        }
        if (source.startsWith("github.com/")) {
            return GITHUB_SHORTHAND;
        }
        var m = SCHEME.matcher(source);
        if (m.matches()) {
            return switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "git", "ssh" -> GIT;
                case "http", "https" -> urlPath(source).endsWith(".git") ? GIT : HTTP;
                default -> LOCAL;
            };
        }
        return SCP_LIKE.matcher(source).matches() ? GIT : LOCAL;
    }

    private static String urlPath(String url) {
        int end = url.length();
        for (char c : new char[] {'#', '?'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return url.substring(0, end);
    }

    /** Sources that ADD --checksum can verify. */
    public boolean remote() {
        return this != LOCAL;
    }
}
