package dev.jbuild.cache.blob;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import dev.jbuild.cache.digest.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stream into the blob store. Bytes go to a temporary file beside the final blobs while
 * their digest is computed; {@link #commit} verifies, fsyncs and atomically renames the file
 * into place. Closing without committing discards the temporary file, so a failed or killed
 * writer never leaves a blob that could be mistaken for complete content.
 */
public final class BlobWriter extends OutputStream {

    private final BlobStore store;
    private final Path tempFile;
    private final FileChannel channel;
    private final DigestingOutputStream digesting;
    private boolean finished;

    BlobWriter(BlobStore store, Path directory, DigestAlgorithm algorithm) throws IOException {
        this.store = store;
        Files.createDirectories(directory);
        this.tempFile = Files.createTempFile(directory, ".tmp-", ".partial");
        this.channel = FileChannel.open(tempFile, StandardOpenOption.WRITE);
        this.digesting = new DigestingOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16),
                algorithm);
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        digesting.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        digesting.write(b, off, len);
    }

    /** Bytes written so far. */
    public long size() {
        return digesting.size();
    }

    /** Stores the content under whatever digest it has. */
    public StoredBlob commit() {
        return commit(null);
    }

    /**
     * Stores the content if it hashes to {@code expected} (when not null); otherwise deletes
     * it and throws {@link DigestMismatchException}. Either way the writer is finished.
     */
    public StoredBlob commit(Digest expected) {
        checkNotFinished();
        finished = true;
        try {
            digesting.flush();
            channel.force(true);
            channel.close();
            Digest actual = digesting.digest();
            if (expected != null && !expected.equals(actual)) {
                Files.deleteIfExists(tempFile);
                throw new DigestMismatchException(expected, actual, digesting.size());
            }
            Path target = store.path(actual);
            if (Files.exists(target)) {
                // Another writer got there first with the same bytes (same digest): keep theirs.
                Files.delete(tempFile);
            } else {
                // Blobs are immutable; read-only guards against editing one through a hardlink.
                Files.setPosixFilePermissions(tempFile, PosixFilePermissions.fromString("r--r--r--"));
                Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
                store.syncDirectory(target.getParent());
            }
            return new StoredBlob(actual, digesting.size());
        } catch (IOException e) {
            discard();
            throw new BlobStoreException("could not store blob written to " + tempFile + ": " + e.getMessage(), e);
        }
    }

    /** Discards the content unless it was committed. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        discard();
    }

    private void discard() {
        try {
            channel.close();
            Files.deleteIfExists(tempFile);
        } catch (IOException e) {
            // Leave a stray temp file rather than mask the failure that got us here.
        }
    }

    private void checkOpen() throws IOException {
        if (finished) {
            throw new IOException("blob writer for " + tempFile + " is already committed or closed");
        }
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("blob writer for " + tempFile + " is already committed or closed");
        }
    }
}
