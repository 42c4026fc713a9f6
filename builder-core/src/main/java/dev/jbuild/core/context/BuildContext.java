package dev.jbuild.core.context;

import dev.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files a build may COPY or ADD from, with the Dockerfile that drives it. A context is a
 * directory; a tar archive on standard input or a git repository will be unpacked or checked out
 * into a directory first and then follow exactly the same rules, so everything below works on a
 * directory.
 *
 * <p>Ignore rules come from {@code <Dockerfile>.dockerignore} next to the Dockerfile when that
 * file exists (for {@code app.Dockerfile}, {@code app.Dockerfile.dockerignore}), else from
 * {@code .dockerignore} at the context root, as BuildKit picks them. The Dockerfile and the ignore
 * file are always read, whatever the rules say; for COPY they are files like any other, so
 * {@code COPY . /app} copies them unless the ignore file lists them, which is what Docker does.
 * Owners of context files are presented as 0:0, as the Docker client sends them.
 */
public final class BuildContext {

    static final String DEFAULT_DOCKERFILE = "Dockerfile";
    static final String DEFAULT_IGNORE_FILE = ".dockerignore";

    private final Path directory;
    private final Path dockerfile;
    private final Path ignoreFile;
    private final SourceTree tree;

    private BuildContext(Path directory, Path dockerfile, Path ignoreFile, SourceTree tree) {
        this.directory = directory;
        this.dockerfile = dockerfile;
        this.ignoreFile = ignoreFile;
        this.tree = tree;
    }

    /**
     * A directory context. {@code dockerfile} is the {@code -f} file (absolute, or relative to
     * the current directory as the docker CLI takes it), or null for {@code Dockerfile} in the
     * context, falling back to {@code dockerfile} as BuildKit does.
     */
    public static BuildContext ofDirectory(Path directory, Path dockerfile) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new BuildContextException(directory.toString(), "build context " + directory + " is not a directory");
        }
        Path requested = dockerfile != null ? dockerfile.toAbsolutePath() : directory.resolve(DEFAULT_DOCKERFILE);
        Path found = requested;
        if (dockerfile == null && !Files.isRegularFile(requested)) {
            Path lowercase = directory.resolve(DEFAULT_DOCKERFILE.toLowerCase(java.util.Locale.ROOT));
            if (Files.isRegularFile(lowercase)) {
                found = lowercase;
            }
        }
        Path ignoreFile = requested.resolveSibling(requested.getFileName() + DEFAULT_IGNORE_FILE);
        if (!Files.isRegularFile(ignoreFile)) {
            ignoreFile = directory.resolve(DEFAULT_IGNORE_FILE);
            if (!Files.isRegularFile(ignoreFile)) {
                ignoreFile = null;
            }
        }
        IgnorePatterns ignore = ignoreFile == null ? IgnorePatterns.NONE : readIgnoreFile(ignoreFile);
        try {
            SourceTree tree = new SourceTree(RootPath.of(directory), ignore, SourceTree.Owners.RESET_TO_ROOT);
            return new BuildContext(tree.root(), found, ignoreFile, tree);
        } catch (IOException e) {
            throw new BuildContextException(directory.toString(), "cannot read build context " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The context directory, resolved on the host. */
    public Path directory() {
        return directory;
    }

    /** The Dockerfile, which may lie outside the context. */
    public Path dockerfile() {
        return dockerfile;
    }

    /** The Dockerfile's text, read whatever the ignore rules say. */
    public String dockerfileText() {
        try {
            return Files.readString(dockerfile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BuildContextException(dockerfile.toString(), "failed to read dockerfile: " + dockerfile
                    + ": no such file", e);
        } catch (IOException e) {
            throw new BuildContextException(dockerfile.toString(), "failed to read dockerfile " + dockerfile + ": "
                    + e.getMessage(), e);
        }
    }

    /** The ignore file in effect, if any. */
    public Optional<Path> ignoreFile() {
        return Optional.ofNullable(ignoreFile);
    }

    public IgnorePatterns ignorePatterns() {
        return tree.ignore();
    }

    /** The context's files as COPY sees them. */
    public SourceTree tree() {
        return tree;
    }

    /** Resolves COPY or ADD sources in this context; see {@link ContextSelection}. */
    public ContextSelection select(List<String> sources, List<String> excludes) {
        return ContextSelection.resolve(tree, sources, excludes);
    }

    /** As {@link #select(List, List)}, keeping the sources' parent directories for {@code COPY --parents}. */
    public ContextSelection select(List<String> sources, List<String> excludes, boolean keepParents) {
        return ContextSelection.resolve(tree, sources, excludes, keepParents);
    }

    private static IgnorePatterns readIgnoreFile(Path file) {
        try {
            // Decoded leniently: a stray byte in a comment must not fail the build.
            return IgnorePatterns.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BuildContextException(file.toString(), "cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BuildContextException(file.toString(), "failed parsing " + file + ": " + e.getMessage(), e);
        }
    }
}
