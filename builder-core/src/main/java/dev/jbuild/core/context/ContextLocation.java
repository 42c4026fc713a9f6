package dev.jbuild.core.context;

import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.source.remote.GitCheckouts;
import dev.jbuild.core.source.remote.RemoteSource;
import dev.jbuild.core.source.remote.RemoteSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a build's context comes from, as {@code docker build} takes it: a directory, {@code -}
 * for a tar archive on standard input, an {@code http(s)://} URL of a tar archive (its path ends
 * in {@code .tar}, {@code .tar.gz}, {@code .tgz} …), or a git repository ({@code https://…},
 * {@code git@…}, {@code file://…}, or a path ending in {@code .git}) with an optional
 * {@code #ref:subdir}. Archives and repositories are unpacked or cloned (with jgit) into a
 * scratch directory, which is then an ordinary directory context. The same forms serve
 * {@code --build-context NAME=…}.
 */
public record ContextLocation(String spec) {

    private static final Pattern GIT = Pattern.compile("^(https?://|git://|ssh://|file://|git@).*|.*\\.git(#.*)?$");
    private static final Pattern TARBALL_URL = Pattern.compile("^https?://[^#?]*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2|tar\\.xz|txz|tar\\.zst)(\\?[^#]*)?$");
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(5);

    public boolean isStdin() {
        return spec.equals("-");
    }

    /** An http(s) URL of a tar archive, which is downloaded and unpacked rather than cloned. */
    public boolean isTarballUrl() {
        return TARBALL_URL.matcher(spec).matches();
    }

    /** True for anything that is not a local directory: stdin, a tarball URL or a git repository. */
    public boolean isRemote() {
        return isStdin() || isTarballUrl() || isGit();
    }

    public boolean isGit() {
        return !isStdin() && !isTarballUrl() && GIT.matcher(spec).matches() && !Files.isDirectory(Path.of(spec));
    }

    /** The context as a directory: the given one, or one made under {@code scratch}. */
    public Path materialize(InputStream stdin, Path scratch) {
        try {
            if (isStdin()) {
                Path archive = scratch.resolve("context.tar");
                Files.copy(stdin, archive, StandardCopyOption.REPLACE_EXISTING);
                return untar(archive, scratch, "the archive on standard input");
            }
            if (isTarballUrl()) {
                return untar(download(scratch), scratch, "the archive at " + spec);
            }
            if (isGit()) {
                return clone(scratch);
            }
            return Path.of(spec);
        } catch (IOException e) {
            throw new BuildContextException(spec, "cannot read the build context " + spec + ": " + e.getMessage(), e);
        }
    }

    // GNU tar refuses members with ".." or absolute names, so nothing lands outside the directory.
    // GNU tar finds the compression itself when reading a file.
    private static Path untar(Path archive, Path scratch, String what) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("context"));
        HostCommand tar = new HostCommand(List.of("tar", "--no-same-owner", "-xf", archive.toString(), "-C",
                dir.toString()), UNPACK_TIMEOUT);
        HostCommand.Result result = tar.run();
        if (result.exitCode() != 0) {
            throw new IOException(what + " is not a tar archive tar can read: " + result.outputTail());
        }
        Files.delete(archive);
        return dir;
    }

    private Path download(Path scratch) throws IOException {
        Path archive = scratch.resolve("context-download");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec)).timeout(DOWNLOAD_TIMEOUT).GET().build();
        try {
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(archive));
            if (response.statusCode() != 200) {
                throw new IOException("GET " + spec + " answered HTTP " + response.statusCode());
            }
            return archive;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + spec, e);
        }
    }

    // The same checkout as ADD of a Git URL, with the history left out as BuildKit leaves it out.
    private Path clone(Path scratch) throws IOException {
        try {
            RemoteSource.Git parsed = RemoteSource.Git.parse(spec);
            RemoteSource.Git source = new RemoteSource.Git(spec,
                    parsed.remote().startsWith("/") ? "file://" + parsed.remote() : parsed.remote(), parsed.ref(),
                    parsed.subdir(), parsed.checksum(), parsed.keepGitDir());
            GitCheckouts git = new GitCheckouts(scratch.resolve("git-scratch"));
            return git.checkout(source, git.commit(source, source.checksum()), scratch.resolve("git"),
                    source.keepGitDir().orElse(false));
        } catch (RemoteSourceException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
