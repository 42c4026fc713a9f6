package dev.jbuild.core.source.remote;

import dev.jbuild.cache.digest.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A downloaded URL: where its content is kept (read-only, shared by builds), the content's
 * digest, and the server's {@code Last-Modified} time, which becomes the file's mtime.
 */
public record Download(RemoteSource.Url source, Path content, Digest digest, Optional<Instant> lastModified)
        implements FetchedSource {

    public Download {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    /** A changed content, file name or time misses; nothing else does. */
    @Override
    public String keyPart() {
        return "url:" + source.text() + "|" + source.fileName() + "|" + digest + "|"
                + lastModified.map(Instant::toString).orElse("no-last-modified");
    }
}
