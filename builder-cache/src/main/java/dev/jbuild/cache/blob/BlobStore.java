package dev.jbuild.cache.blob;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Content-addressed blobs on disk at {@code <root>/blobs/<algorithm>/<hex>}, the layout of
 * an OCI image layout's blob directory. Blobs are written through a temporary file in the
 * same directory and renamed into place, and rename is atomic, so any number of threads or
 * processes may read and write one store at once without locks: a reader sees a whole blob
 * or none, and two writers of the same content both succeed. Files whose names start with a
 * dot are writes in progress (or abandoned by a killed process), never blobs.
 */
public final class BlobStore {

    private final Path root;

    public BlobStore(Path root) {
        Objects.requireNonNull(root, "root");
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the blob with this digest lives, whether or not it is there. */
    public Path path(Digest digest) {
        return directory(digest.algorithm()).resolve(digest.hex());
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** The size of a stored blob. */
    public long size(Digest digest) {
        Path path = path(digest);
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest, path);
        } catch (IOException e) {
            throw new BlobStoreException("could not read size of blob " + digest + " at " + path, e);
        }
    }

    /** Opens a stored blob for reading. */
    public InputStream open(Digest digest) {
        Path path = path(digest);
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest, path);
        } catch (IOException e) {
            throw new BlobStoreException("could not open blob " + digest + " at " + path, e);
        }
    }

    /** A new SHA-256 writer; the caller commits or closes it. */
    public BlobWriter newWriter() {
        return newWriter(DigestAlgorithm.SHA256);
    }

    /** A new writer hashing with this algorithm; the caller commits or closes it. */
    public BlobWriter newWriter(DigestAlgorithm algorithm) {
        Path directory = directory(algorithm);
        try {
            return new BlobWriter(this, directory, algorithm);
        } catch (IOException e) {
            throw new BlobStoreException("could not start a blob in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Stores everything the stream yields, under the digest it turns out to have. */
    public StoredBlob write(InputStream content) {
        return write(content, null);
    }

    /**
     * Stores everything the stream yields if it hashes to {@code expected} (when not null);
     * on a mismatch nothing is stored and {@link DigestMismatchException} is thrown.
     */
    public StoredBlob write(InputStream content, Digest expected) {
        try (BlobWriter writer = newWriter(expected == null ? DigestAlgorithm.SHA256 : expected.algorithm())) {
            try {
                content.transferTo(writer);
            } catch (IOException e) {
                String what = expected == null ? "a blob" : "blob " + expected;
                throw new BlobStoreException("could not write " + what + " into " + root + ": " + e.getMessage(), e);
            }
            return writer.commit(expected);
        }
    }

    /** Removes a blob; true if it was there. Readers that opened it keep their copy. */
    public boolean delete(Digest digest) {
        Path path = path(digest);
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new BlobStoreException("could not delete blob " + digest + " at " + path, e);
        }
    }

    /** Every stored blob (writes in progress aside), in no particular order. */
    public List<Digest> list() {
        List<Digest> out = new ArrayList<>();
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            Path directory = directory(algorithm);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".") || name.length() != algorithm.hexLength()) {
                        continue;
                    }
                    try {
                        out.add(Digest.parse(algorithm.ociName() + ":" + name));
                    } catch (IllegalArgumentException foreign) {
                        // not a name jbuild writes: not a blob of this store
                    }
                }
            } catch (IOException e) {
                throw new BlobStoreException("could not list blobs in " + directory + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Deletes temporary files of writes that started more than {@code olderThan} ago, which
     * only a killed process leaves behind; returns how many were removed. A generous age
     * keeps writes still running in other processes safe.
     */
    public int removeAbandonedWrites(Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            Path directory = directory(algorithm);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> temporary = Files.newDirectoryStream(directory, ".tmp-*")) {
                for (Path file : temporary) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new BlobStoreException("could not clean abandoned writes in " + directory + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    private Path directory(DigestAlgorithm algorithm) {
        return root.resolve("blobs").resolve(algorithm.ociName());
    }

    /** Makes a rename durable: without it a crash can forget the new directory entry. */
    void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
