package dev.jbuild.core.source.remote;

import dev.jbuild.core.fs.TreeDeletion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A fetched source laid out in a scratch directory for the copier: {@code root} holds it, and
 * {@code source} is the path in it that ADD copies (the downloaded file's name, or {@code .} for
 * a repository's contents). Closing deletes the scratch directory.
 */
public record Checkout(Path root, String source, Path scratch) implements AutoCloseable {

    public Checkout {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scratch, "scratch");
    }

    @Override
    public void close() {
        try {
            TreeDeletion.delete(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove scratch directory " + scratch + ": " + e.getMessage(), e);
        }
    }
}
