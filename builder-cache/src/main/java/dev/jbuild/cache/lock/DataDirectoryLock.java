package dev.jbuild.cache.lock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Who may delete from a data directory: builds (and anything else that writes blobs) hold it
 * shared for as long as they run, prune holds it exclusive, so prune never removes a blob or a
 * snapshot a running build uses or is about to record. It is a file lock on
 * {@code <data>/data.lock}, which the kernel drops when its process dies however it dies.
 *
 * <p>File locks belong to the whole process and a POSIX lock is lost when the process closes
 * any descriptor of the file, so within one JVM a read-write lock orders the threads and the
 * file is opened once: by the first shared holder (and closed by the last), or by the one
 * exclusive holder.
 */
public final class DataDirectoryLock {

    private static final String FILE_NAME = "data.lock";
    private static final Map<Path, DataDirectoryLock> BY_DIRECTORY = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
    private int sharedHolders;
    private FileChannel sharedChannel;

    private DataDirectoryLock(Path file) {
        this.file = file;
    }

    /** The lock of this data directory, the same object for every caller in this JVM. */
    public static DataDirectoryLock of(Path dataDirectory) {
        Path root = dataDirectory.toAbsolutePath().normalize();
        return BY_DIRECTORY.computeIfAbsent(root, r -> new DataDirectoryLock(r.resolve(FILE_NAME)));
    }

    /** Waits for any prune to finish and holds the directory shared until the handle is closed. */
    public Held shared() {
        threads.readLock().lock();
        try {
            synchronized (this) {
                if (sharedHolders == 0) {
                    sharedChannel = open();
                    try {
                        sharedChannel.lock(0, Long.MAX_VALUE, true);
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(sharedChannel);
                        throw e;
                    }
                }
                sharedHolders++;
            }
        } catch (IOException e) {
            threads.readLock().unlock();
            throw new UncheckedIOException("cannot lock " + file + " shared: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            threads.readLock().unlock();
            throw e;
        }
        return this::releaseShared;
    }

    /** Waits until no build or prune holds the directory, then holds it alone. */
    public Held exclusive() {
        threads.writeLock().lock();
        try {
            FileChannel channel = open();
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
            return () -> releaseExclusive(channel);
        } catch (IOException e) {
            threads.writeLock().unlock();
            throw new UncheckedIOException("cannot lock " + file + " exclusively: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            threads.writeLock().unlock();
            throw e;
        }
    }

    /** Holds the directory alone if nobody else holds it now; empty, without waiting, otherwise. */
    public Optional<Held> tryExclusive() {
        if (!threads.writeLock().tryLock()) {
            return Optional.empty();
        }
        try {
            FileChannel channel = open();
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
            if (lock == null) {
                closeQuietly(channel);
                threads.writeLock().unlock();
                return Optional.empty();
            }
            return Optional.of(() -> releaseExclusive(channel));
        } catch (IOException e) {
            threads.writeLock().unlock();
            throw new UncheckedIOException("cannot lock " + file + " exclusively: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            threads.writeLock().unlock();
            throw e;
        }
    }

    private FileChannel open() throws IOException {
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private void releaseShared() {
        synchronized (this) {
            sharedHolders--;
            if (sharedHolders == 0) {
                closeQuietly(sharedChannel);
                sharedChannel = null;
            }
        }
        threads.readLock().unlock();
    }

    private void releaseExclusive(FileChannel channel) {
        closeQuietly(channel);
        threads.writeLock().unlock();
    }

    // Closing the channel releases its lock, which is all that matters here.
    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is gone either way
        }
    }

    /** A held lock; closing it releases it. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
