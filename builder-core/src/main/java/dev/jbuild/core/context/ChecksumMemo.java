package dev.jbuild.core.context;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Remembers the content digest of files by their identity and state on disk (device, inode,
 * size, modification and change time), so that checksumming an unchanged tree again reads no
 * file content. Any write, chmod, chown or rename changes the change time, which the kernel sets
 * and nobody can set back, so a stale entry can only be hit by a file changed within the clock's
 * granularity of being hashed; {@link FileChecksum} does not remember such recent files.
 *
 * <p>On disk it is one binary file, loaded whole when opened and rewritten on {@link #save} only
 * when something was added: written to a temporary file, synced, then renamed over the old one, so
 * a crash leaves the old memo or the new one, never a torn one (a torn or foreign file is caught by
 * its checksum and ignored, since a memo only saves work). Builds sharing the directory merge their
 * entries under a file lock; the least recently used entries beyond a limit are dropped.
 */
public final class ChecksumMemo implements AutoCloseable {

    /** A file's identity and state; nanosecond times since the epoch. */
    public record Key(long device, long inode, long size, long mtimeNanos, long ctimeNanos) {
    }

    static final String FILE_NAME = "file-checksums.memo";
    private static final String LOCK_NAME = "file-checksums.lock";
    private static final byte[] MAGIC = "JBCKMEMO".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int DIGEST_BYTES = 32;
    private static final int ENTRY_BYTES = 5 * Long.BYTES + DIGEST_BYTES + Long.BYTES;
    private static final int HEADER_BYTES = MAGIC.length + 2 * Integer.BYTES;
    private static final int DEFAULT_MAX_ENTRIES = 250_000;

    private final Path directory;
    private final int maxEntries;
    // guarded by this
    private final ChecksumTable entries = new ChecksumTable();
    private boolean dirty;

    private ChecksumMemo(Path directory, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a memo needs room for at least one entry, got " + maxEntries);
        }
        this.directory = directory;
        this.maxEntries = maxEntries;
    }

    /** The memo kept in {@code directory} (created if missing), loaded now. */
    public static ChecksumMemo open(Path directory) {
        return open(directory, DEFAULT_MAX_ENTRIES);
    }

    public static ChecksumMemo open(Path directory, int maxEntries) {
        Objects.requireNonNull(directory, "directory");
        ChecksumMemo memo = new ChecksumMemo(directory, maxEntries);
        try {
            Files.createDirectories(directory);
            read(directory.resolve(FILE_NAME), memo.entries);
        } catch (IOException e) {
            throw new BuildContextException(directory.toString(), "cannot open checksum memo in " + directory + ": "
                    + e.getMessage(), e);
        }
        return memo;
    }

    /** A memo that lives only as long as this object: for one-off builds and tests. */
    public static ChecksumMemo inMemory() {
        return new ChecksumMemo(null, Integer.MAX_VALUE);
    }

    /** The remembered SHA-256 of the content of a file in this state, or null. */
    public Digest get(Key key) {
        byte[] sha256;
        synchronized (this) {
            int entry = entries.find(key);
            if (entry < 0) {
                return null;
            }
            entries.touch(entry, now());
            sha256 = entries.digest(entry);
        }
        return Digest.of(DigestAlgorithm.SHA256, sha256);
    }

    public void put(Key key, Digest sha256) {
        if (sha256.algorithm() != DigestAlgorithm.SHA256) {
            throw new IllegalArgumentException("the memo keeps sha256 digests, got " + sha256);
        }
        byte[] bytes = HexFormat.of().parseHex(sha256.hex());
        synchronized (this) {
            entries.put(key, bytes, now());
            dirty = true;
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Writes the memo if anything was added since it was loaded or last saved. */
    public synchronized void save() {
        if (directory == null || !dirty) {
            return;
        }
        Path file = directory.resolve(FILE_NAME);
        try (FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = lockChannel.lock()) {
            // Another build may have saved since we loaded: keep its entries too (ours win on a clash).
            ChecksumTable saved = new ChecksumTable();
            read(file, saved);
            for (int entry = 0; entry < saved.size(); entry++) {
                Key key = saved.key(entry);
                if (entries.find(key) < 0) {
                    entries.put(key, saved.digest(entry), saved.lastUsed(entry));
                }
            }
            List<Integer> kept = new ArrayList<>(entries.size());
            for (int entry = 0; entry < entries.size(); entry++) {
                kept.add(entry);
            }
            if (kept.size() > maxEntries) {
                kept.sort(Comparator.comparingLong((Integer entry) -> entries.lastUsed(entry)).reversed());
                kept = kept.subList(0, maxEntries);
            }
            write(file, kept);
            dirty = false;
        } catch (IOException e) {
            throw new BuildContextException(file.toString(), "cannot save checksum memo " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        save();
    }

    /**
     * Loads the entries saved in {@code file} into the empty {@code into}; a missing, torn or
     * foreign file adds none. The file is mapped, not read into an array: it is on the way to
     * every build's first step, and a 120,000-entry memo is 9.6 MB.
     */
    private static void read(Path file, ChecksumTable into) throws IOException {
        ByteBuffer in;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            if (length < HEADER_BYTES + Long.BYTES || length > Integer.MAX_VALUE) {
                return;
            }
            in = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
        } catch (NoSuchFileException e) {
            return;
        }
        int length = in.capacity();
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        int version = in.getInt();
        int count = in.getInt();
        if (!Arrays.equals(magic, MAGIC) || version != VERSION || count < 0
                || length != HEADER_BYTES + (long) count * ENTRY_BYTES + Long.BYTES) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(in.duplicate().position(0).limit(length - Long.BYTES));
        if (in.getLong(length - Long.BYTES) != crc.getValue()) {
            return;
        }
        // an entry on disk is the table's ten big-endian longs: key, digest words, last use
        into.load(in.position(HEADER_BYTES).limit(length - Long.BYTES).slice().asLongBuffer(), count);
    }

    private void write(Path file, List<Integer> kept) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + kept.size() * ENTRY_BYTES + Long.BYTES);
        out.put(MAGIC).putInt(VERSION).putInt(kept.size());
        for (int entry : kept) {
            Key key = entries.key(entry);
            out.putLong(key.device()).putLong(key.inode()).putLong(key.size()).putLong(key.mtimeNanos())
                    .putLong(key.ctimeNanos());
            out.put(entries.digest(entry)).putLong(entries.lastUsed(entry));
        }
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        AtomicFile.write(file, Arrays.copyOf(out.array(), out.position()));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
