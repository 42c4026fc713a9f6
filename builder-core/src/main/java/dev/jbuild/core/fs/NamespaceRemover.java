package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Removes a tree as root of the build's user namespace, which may touch what a rootless step
 * left owned by subordinate ids. {@code exec} provides it through {@link ServiceLoader}, so
 * {@link TreeDeletion} can use it without this package depending on sandboxes.
 */
public interface NamespaceRemover {

    /** Removes {@code path} and everything below it; fails naming the path and why. */
    void remove(Path path) throws IOException, InterruptedException;

}
