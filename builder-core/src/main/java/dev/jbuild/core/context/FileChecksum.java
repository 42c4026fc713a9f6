package dev.jbuild.core.context;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import dev.jbuild.core.fs.DepthFirst;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Content checksums of what a COPY or ADD selects, the part of its cache key that stands for the
 * files. A checksum covers each file's path relative to the source, type, permission bits, owner
 * (as the tree presents it: 0:0 for the build context), link target, device number, the extended
 * attributes that go into images, and content; never times, so a {@code touch} or a fresh clone
 * of the same files gives the same key. A directory's checksum covers its visible children,
 * sorted by name, recursively.
 *
 * <p>File content is hashed once per file state: digests are kept in a {@link ChecksumMemo} by
 * (device, inode, size, mtime, ctime), so a warm rebuild of an unchanged context reads metadata
 * only. A file whose change time is so recent that a later write could keep the same timestamp
 * is hashed but not remembered, as git treats "racily clean" index entries.
 */
public final class FileChecksum {

    private static final byte[] SCHEMA = "jbuild file checksum v1".getBytes(StandardCharsets.UTF_8);
    /** How far the kernel's file timestamps may lag the wall clock (a coarse clock tick, with room). */
    private static final long FINE_CLOCK_SLACK_NANOS = 100_000_000L;
    /** File systems that store whole seconds (their change times have no fraction) need a wider margin. */
    private static final long COARSE_CLOCK_SLACK_NANOS = 2_000_000_000L;

    private final ChecksumMemo memo;
    private final ContentReader reader;

    public FileChecksum(ChecksumMemo memo, ContentReader reader) {
        this.memo = Objects.requireNonNull(memo, "memo");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    public FileChecksum(ChecksumMemo memo) {
        this(memo, ContentReader.FILES);
    }

    /** The checksum of everything the selection selected, in order, with the paths they matched. */
    public Digest of(ContextSelection selection) {
        Run run = new Run();
        MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
        hash.update(SCHEMA);
        for (SelectedSource source : selection.sources()) {
            putString(hash, source.source());
            putString(hash, source.matchedPath());
            hash.update(run.source(source));
        }
        return Digest.of(DigestAlgorithm.SHA256, hash.digest());
    }

    /** The checksum of one selected file or directory (its own name aside). */
    public Digest of(SelectedSource source) {
        return Digest.of(DigestAlgorithm.SHA256, new Run().source(source));
    }

    /** One checksum computation; times are judged against its start. */
    private final class Run {
        private final long startNanos = nanos(Instant.now());

        byte[] source(SelectedSource source) {
            try {
                SourceEntry entry = source.tree().entry(source.path());
                if (entry == null) {
                    throw new BuildContextException(source.source(), "\"/" + source.path()
                            + "\" disappeared while it was being checksummed");
                }
                AtomicReference<byte[]> digest = new AtomicReference<>();
                DepthFirst.run(next -> node(source, entry, digest::set, next));
                return digest.get();
            } catch (IOException e) {
                throw new BuildContextException(source.source(), "cannot checksum " + source.hostPath() + ": "
                        + e.getMessage(), e);
            }
        }

        /**
         * Hashes one entry and hands its digest to {@code done}; a directory's children are scheduled
         * on {@code next}, each adding its name and digest to the directory's hash, and the digest
         * follows them.
         */
        private void node(SelectedSource source, SourceEntry entry, Consumer<byte[]> done, List<DepthFirst.Step> next)
                throws IOException {
            MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
            hash.update(SCHEMA);
            putString(hash, entry.type().name());
            putLong(hash, entry.mode());
            putLong(hash, entry.uid());
            putLong(hash, entry.gid());
            putLong(hash, entry.xattrs().size());
            for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
                putString(hash, xattr.getKey());
                putBytes(hash, xattr.getValue());
            }
            switch (entry.type()) {
                case FILE -> hash.update(content(source, entry));
                case SYMLINK -> putString(hash, entry.linkTarget());
                case CHAR_DEVICE, BLOCK_DEVICE -> putLong(hash, entry.rdev());
                case DIRECTORY -> {
                    for (String name : source.children(entry.path())) {
                        next.add(more -> child(source, entry.path(), name, hash, more));
                    }
                    next.add(more -> done.accept(hash.digest()));
                    return;
                }
                case FIFO, SOCKET -> {
                    // Type, mode and owner say it all.
                }
            }
            done.accept(hash.digest());
        }

        private void child(SelectedSource source, String directory, String name, MessageDigest parent,
                List<DepthFirst.Step> next) throws IOException {
            SourceEntry child = source.tree().entry(SourceTree.child(directory, name));
            if (child == null || child.type() == EntryType.SOCKET) {
                return; // deleted meanwhile, or a socket, which no copy can carry
            }
            putString(parent, name);
            node(source, child, parent::update, next);
        }

        private byte[] content(SelectedSource source, SourceEntry entry) throws IOException {
            ChecksumMemo.Key key = new ChecksumMemo.Key(entry.device(), entry.inode(), entry.size(), entry.mtimeNanos(),
                    entry.ctimeNanos());
            Digest remembered = memo.get(key);
            if (remembered != null) {
                return HexFormat.of().parseHex(remembered.hex());
            }
            MessageDigest hash = DigestAlgorithm.SHA256.newMessageDigest();
            try (InputStream in = reader.open(source.tree().host(entry.path()))) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    hash.update(buffer, 0, n);
                }
            }
            byte[] digest = hash.digest();
            if (!racy(entry)) {
                memo.put(key, Digest.of(DigestAlgorithm.SHA256, digest));
            }
            return digest;
        }

        /** Whether a write after this run started could leave the file with the same times and size. */
        private boolean racy(SourceEntry entry) {
            long slack = entry.ctimeNanos() % 1_000_000_000L == 0 ? COARSE_CLOCK_SLACK_NANOS : FINE_CLOCK_SLACK_NANOS;
            // Only the change time: every write moves it, and unlike mtime nobody can set it back or ahead.
            return entry.ctimeNanos() >= startNanos - slack;
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static void putLong(MessageDigest hash, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            hash.update((byte) (value >>> shift));
        }
    }

    private static void putBytes(MessageDigest hash, byte[] bytes) {
        putLong(hash, bytes.length);
        hash.update(bytes);
    }

    private static void putString(MessageDigest hash, String text) {
        putBytes(hash, text.getBytes(StandardCharsets.UTF_8));
    }
}
