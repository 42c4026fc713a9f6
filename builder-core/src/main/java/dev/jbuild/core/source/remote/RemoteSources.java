package dev.jbuild.core.source.remote;

import dev.jbuild.cache.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the solver asks of ADD's remote sources: {@link #fetch} pins a source (downloads a URL,
 * resolves a Git ref) before the step's cache key is made, and {@link #open} lays a pinned
 * source out for the copier on a cache miss, as BuildKit's HTTP and Git sources leave them: a
 * download is one file, mode 0600, with the server's {@code Last-Modified} time (else the epoch);
 * a repository is its checkout, without {@code .git} unless kept.
 */
public final class RemoteSources {

    private final UrlDownloads downloads;
    private final Path scratch;

    /** @param directory the data directory's {@code downloads} directory */
    public RemoteSources(Path directory) {
        this.downloads = new UrlDownloads(directory);
        this.scratch = Objects.requireNonNull(directory, "directory").resolve("tmp");
    }

    // Made on first use: a build without Git sources never loads (and verifies) the jgit jar.
    private GitCheckouts git() {
        return new GitCheckouts(scratch);
    }

    /**
     * The source pinned, or empty when it is a path in the build context. {@code checksum} is
     * ADD's {@code --checksum}: a digest for a URL, a commit (or its prefix) for a repository.
     */
    public Optional<FetchedSource> fetch(String source, Optional<String> checksum) {
        Optional<RemoteSource> remote = RemoteSource.of(source);
        if (remote.isEmpty()) {
            return Optional.empty();
        }
        if (remote.get() instanceof RemoteSource.Url url) {
            return Optional.of(downloads.fetch(url, checksum.map(c -> digest(url, c))));
        }
        RemoteSource.Git repository = (RemoteSource.Git) remote.get();
        if (checksum.isPresent() && repository.checksum().isPresent()
                && !checksum.get().equalsIgnoreCase(repository.checksum().get())) {
            throw new RemoteSourceException("--checksum=" + checksum.get() + " conflicts with the commit "
                    + repository.checksum().get() + " in " + repository.text());
        }
        return Optional.of(new GitCommit(repository, git().commit(repository, checksum.or(repository::checksum))));
    }

    private static Digest digest(RemoteSource.Url url, String checksum) {
        try {
            return Digest.parse(checksum);
        } catch (IllegalArgumentException e) {
            throw new RemoteSourceException("invalid --checksum " + checksum + " for " + url.text() + ": "
                    + e.getMessage() + " (write sha256:HEX)", e);
        }
    }

    /**
     * Lays the fetched source out in a new scratch directory; close the checkout when copied.
     * {@code keepGitDir} is ADD's flag, which wins over a Git URL's {@code ?keep-git-dir}.
     */
    public Checkout open(FetchedSource fetched, Optional<Boolean> keepGitDir) {
        Path dir;
        try {
            dir = Files.createTempDirectory(Files.createDirectories(scratch), "add-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory in " + scratch + ": " + e.getMessage(), e);
        }
        try {
            if (fetched instanceof Download download) {
                return new Checkout(dir, place(download, dir), dir);
            }
            GitCommit commit = (GitCommit) fetched;
            boolean keep = keepGitDir.or(commit.source()::keepGitDir).orElse(false);
            return new Checkout(git().checkout(commit.source(), commit.commit(), dir.resolve("checkout"), keep),
                    ".", dir);
        } catch (RuntimeException e) {
            new Checkout(dir, ".", dir).close();
            throw e;
        }
    }

    private static String place(Download download, Path dir) {
        String name = download.source().fileName();
        Path file = dir.resolve(name);
        try {
            Files.copy(download.content(), file);
            Files.setAttribute(file, "unix:mode", 0600, LinkOption.NOFOLLOW_LINKS);
            Instant time = download.lastModified().orElse(Instant.EPOCH);
            Files.setLastModifiedTime(file, FileTime.from(time));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the download of " + download.source().text() + ": "
                    + e.getMessage(), e);
        }
        return name;
    }
}
