package dev.jbuild.core.source.remote;

import dev.jbuild.grammar.instruction.SourceKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * An ADD source that is not in the build context, told apart as BuildKit tells them: an HTTP(S)
 * URL is a download unless its path ends in {@code .git}; {@code git://}, {@code ssh://},
 * {@code user@host:path} and such {@code .git} URLs are Git repositories, with an optional
 * {@code #ref:subdir} fragment. {@code file://} and the {@code github.com/…} shorthand are paths
 * in the context for ADD, as in BuildKit.
 */
public sealed interface RemoteSource {

    /** The source as written in the Dockerfile, for messages and cache keys. */
    String text();

    /** The remote source a (variable-expanded) ADD source names, or empty for a context path. */
    static Optional<RemoteSource> of(String source) {
        SourceKind kind = SourceKind.of(source);
        if (kind == SourceKind.HTTP) {
            return Optional.of(Url.parse(source));
        }
        if (kind == SourceKind.GIT) {
            return Optional.of(Git.parse(source));
        }
        return Optional.empty();
    }

    /** An HTTP(S) download. */
    record Url(String text, URI uri) implements RemoteSource {

        /** BuildKit's name for a file whose URL path has no last segment. */
        static final String UNNAMED = "__unnamed__";

        public Url {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(uri, "uri");
        }

        static Url parse(String text) {
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null) {
                    throw new RemoteSourceException("invalid URL " + text + ": it names no host");
                }
                return new Url(text, uri);
            } catch (URISyntaxException e) {
                throw new RemoteSourceException("invalid URL " + text + ": " + e.getMessage(), e);
            }
        }

        /**
         * The name the download gets: the last segment of the URL's path, never the server's
         * Content-Disposition (BuildKit's Dockerfile frontend names the file before it asks).
         */
        public String fileName() {
            String path = uri.getPath() == null ? "" : uri.getPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String base = path.substring(path.lastIndexOf('/') + 1);
            return base.isEmpty() || base.equals(".") || base.equals("..") ? UNNAMED : base;
        }
    }

    /**
     * A Git repository, at {@code ref} (empty: the remote's HEAD), copied from {@code subdir};
     * {@code checksum} (a commit or its prefix) and {@code keepGitDir} when the URL's query gives
     * them. Written {@code URL#REF:SUBDIR} or, as current BuildKit also takes, {@code
     * URL?ref=REF&subdir=DIR} with {@code branch=}, {@code tag=}, {@code commit=} ({@code
     * checksum=}) and {@code keep-git-dir[=BOOL]}.
     */
    record Git(String text, String remote, String ref, String subdir, Optional<String> checksum,
            Optional<Boolean> keepGitDir) implements RemoteSource {

        public Git(String text, String remote, String ref, String subdir) {
            this(text, remote, ref, subdir, Optional.empty(), Optional.empty());
        }

        public Git {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(subdir, "subdir");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(keepGitDir, "keepGitDir");
        }

        /** Reads {@code URL#REF:SUBDIR} or {@code URL?ref=…&subdir=…}; a bad query is an error naming it. */
        public static Git parse(String text) {
            int hash = text.indexOf('#');
            String remote = hash < 0 ? text : text.substring(0, hash);
            String fragment = hash < 0 ? "" : text.substring(hash + 1);
            int colon = fragment.indexOf(':');
            String ref = colon < 0 ? fragment : fragment.substring(0, colon);
            String subdir = colon < 0 ? "" : fragment.substring(colon + 1);
            int question = remote.indexOf('?');
            if (question < 0) {
                return new Git(text, remote, ref, subdir);
            }
            return new GitUrlQuery(text, ref, subdir).read(remote.substring(question + 1))
                    .toGit(remote.substring(0, question));
        }
    }
}
