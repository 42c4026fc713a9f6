package dev.jbuild.core.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Deletes a directory tree that may hold what images hold: directories without write or
 * search permission (mode 0555 or 0000, which a process without root must open up before
 * it can empty them), symlinks (removed, never followed), fifos and device nodes.
 *
 * <p>A rootless RUN step leaves trees the bare host user may not touch at all: a 0700
 * directory owned by container uid 1000 is host uid 100999's. When the walk meets such a
 * permission error, {@code rm -rf} finishes the job as root of the build's user namespace
 * ({@link NamespaceRemover}), which may, so a cache is never left that prune cannot remove.
 */
public final class TreeDeletion {

    private TreeDeletion() {
    }

    /** Deletes the file or tree at {@code path}; nothing there is fine. */
    public static void delete(Path path) throws IOException {
        try {
            DepthFirst.run(next -> deleteEntry(path, next));
        } catch (IOException e) {
            if (!AccessDenial.isCause(e) || HostIdentity.current().root()) {
                throw e;
            }
            deleteInNamespace(path, e);
        }
    }

    /**
     * Renames the tree at {@code path} to {@code trash} (a free name on the same file system), so
     * nobody finds it half deleted, then deletes it there; nothing at {@code path} is fine.
     */
    public static void deleteAside(Path path, Path trash) throws IOException {
        try {
            Files.move(path, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // already gone
        }
        delete(trash);
    }

    private static void deleteInNamespace(Path path, IOException denied) throws IOException {
        Optional<NamespaceRemover> remover = Remover.INSTALLED;
        if (remover.isEmpty()) {
            throw denied;
        }
        try {
            remover.get().remove(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while removing " + path
                    + " in the build's user namespace");
            interrupted.initCause(denied);
            throw interrupted;
        } catch (IOException e) {
            denied.addSuppressed(e);
            throw denied;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw denied;
        }
    }

    /** The remover {@code exec} installs, loaded on the first tree the JVM's user may not delete. */
    private static final class Remover {
        static final Optional<NamespaceRemover> INSTALLED =
                ServiceLoader.load(NamespaceRemover.class, NamespaceRemover.class.getClassLoader()).findFirst();
    }

    /** Empties a directory (its children first, then itself) or deletes anything else. */
    private static void deleteEntry(Path path, List<DepthFirst.Step> next) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & 0170000) != 0040000) {
            Files.deleteIfExists(path);
            return;
        }
        if ((mode & 0700) != 0700) {
            openUp(path, mode);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
            for (Path child : children) {
                next.add(more -> deleteEntry(child, more));
            }
        }
        next.add(more -> Files.deleteIfExists(path));
    }

    private static void openUp(Path directory, int mode) {
        try {
            PosixAttributes.chmod(directory, (mode & 07777) | 0700);
        } catch (NativeFileException e) {
            // Not ours to change: listing or deleting will fail next and report the path.
        }
    }
}
