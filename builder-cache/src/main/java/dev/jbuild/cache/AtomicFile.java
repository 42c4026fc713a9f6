package dev.jbuild.cache;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file whole: the content goes to a temporary file beside it, is fsynced, and is
 * renamed over the target, so a reader (or a process killed mid-write) sees the old file or the
 * new one, never a torn one. The one place jbuild renames a finished file over another.
 */
public final class AtomicFile {

    /** Writes a file's content to the stream it is given, which it may close. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** Replaces {@code target} with what {@code content} writes; on failure the target is untouched. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    /**
     * Replaces {@code target} as {@link #write(Path, byte[])} does but without the fsync, for
     * files whose loss in a power cut costs only work done again (a cache record, an
     * explanation, a measured size): a running reader still sees the old file or the new one,
     * while after a crash the file may be empty, which such a reader must take as absent. An
     * fsync costs 2–40 ms on a busy disk, and every build step wrote three of these.
     */
    public static void writeUnsynced(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content), false);
    }

    /**
     * Replaces a file the user named (an image archive, a metadata file, a layout's files) as
     * {@link #writeUnsynced(Path, byte[])} does, readable by others ({@code 0644}) as the files
     * {@code docker save} and buildx write are: the temporary file it renames is private.
     */
    public static void writeOutput(Path target, Content content) throws IOException {
        write(target, content, false, true);
    }

    private static void write(Path target, Content content, boolean sync) throws IOException {
        write(target, content, sync, false);
    }

    private static void write(Path target, Content content, boolean sync, boolean shared) throws IOException {
        Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            if (shared) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                content.writeTo(out); // which may close the stream, as tar writers do
            }
            if (sync) {
                // fsync(2) through another descriptor still writes the file's data out
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames the finished file {@code source} over {@code target}, atomically where the file
     * system can (both in one directory tree of one file system), else as a plain replacing move.
     */
    public static void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
