package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.TreeDeletion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One snapshotter's private scratch area, {@code sessions/ID/}, where every directory is
 * built before it is renamed into the cache or deleted. It is owned through an exclusive
 * lock on {@code sessions/ID.lock}, which the kernel drops when the process dies however it
 * dies; so a session whose lock can be taken belongs to a dead process and may be removed
 * whole, while one whose lock is held is left alone. That avoids pid files (pids are
 * reused, and every CI container has the same ones) and age guesses.
 *
 * <p>Locks are POSIX record locks, which a process loses when it closes any descriptor of
 * the file; so this process never opens the lock files of its own sessions, which it knows
 * from {@link #HELD}.
 */
final class WorkSession implements AutoCloseable {

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private static final String LOCK_SUFFIX = ".lock";

    private final Path directory;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final AtomicLong counter = new AtomicLong();
    private boolean closed;

    private WorkSession(Path directory, Path lockFile, FileChannel lockChannel) {
        this.directory = directory;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
    }

    /** Starts a session under {@code sessions}: lock file first, then the directory, so a directory without a lock file is never live. */
    static WorkSession open(Path sessions) {
        try {
            Files.createDirectories(sessions);
            while (true) {
                String id = UUID.randomUUID().toString();
                Path lockFile = sessions.resolve(id + LOCK_SUFFIX);
                FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    channel.lock();
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                // A cleaner may have taken the fresh lock file for a dead one's between create and lock, and deleted it.
                if (!Files.exists(lockFile)) {
                    channel.close();
                    continue;
                }
                Path directory = sessions.resolve(id);
                HELD.add(lockFile);
                try {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (IOException e) {
                    HELD.remove(lockFile);
                    channel.close();
                    Files.deleteIfExists(lockFile);
                    throw e;
                }
                return new WorkSession(directory, lockFile, channel);
            }
        } catch (IOException e) {
            throw new SnapshotException("could not start a work session in " + sessions + ": " + e.getMessage(), e);
        }
    }

    /** A new, empty, private directory in this session, named after what it is for. */
    Path newDirectory(String purpose) {
        Path path = directory.resolve(purpose + "-" + counter.incrementAndGet());
        try {
            return Files.createDirectory(path, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SnapshotException("could not create work directory " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file system's clock now, in epoch nanoseconds, read as the ctime of a file just
     * created. The kernel stamps ctimes from a coarse clock that can lag the JVM's by a
     * tick, so only a timestamp from the same clock orders ctimes safely.
     */
    long fileSystemNow() {
        Path marker = directory.resolve("clock-" + counter.incrementAndGet());
        try {
            Files.createFile(marker);
            long now = ((FileTime) Files.getAttribute(marker, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
                    .to(TimeUnit.NANOSECONDS);
            Files.delete(marker);
            return now;
        } catch (IOException e) {
            throw new SnapshotException("could not read the file system clock in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Removes the sessions of dead processes under {@code sessions}; returns how many. */
    static int removeAbandoned(Path sessions) {
        if (!Files.isDirectory(sessions)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sessions)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(LOCK_SUFFIX)) {
                    if (!HELD.contains(entry) && removeIfDead(entry,
                            sessions.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())))) {
                        removed++;
                    }
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(sessions.resolve(name + LOCK_SUFFIX))) {
                    // Owners create the lock file first and cleaners delete it last, so only a cleaner
                    // killed half-way leaves a directory without one.
                    TreeDeletion.delete(entry);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new SnapshotException("could not remove abandoned work in " + sessions + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static boolean removeIfDead(Path lockFile, Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // a live process holds it
            }
            // Directory before lock file: a lock file without its directory is harmless, the reverse looks abandoned.
            TreeDeletion.delete(directory);
            Files.deleteIfExists(lockFile);
            return true;
        } catch (NoSuchFileException | OverlappingFileLockException e) {
            return false; // removed by another cleaner meanwhile, or held by this JVM
        }
    }

    /** Deletes everything left in the session and gives up its lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            TreeDeletion.delete(directory);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            throw new SnapshotException("could not remove work session " + directory + ": " + e.getMessage(), e);
        } finally {
            HELD.remove(lockFile);
            try {
                lockChannel.close();
            } catch (IOException e) {
                // Closing drops the lock either way.
            }
        }
    }

    Path directory() {
        return directory;
    }
}
