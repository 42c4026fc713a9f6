package dev.jbuild.core.layer;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestingOutputStream;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.compress.KeepOpenStream;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import dev.jbuild.core.tar.TarWriter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Turns a directory, or a list of changes read from one, into an OCI layer blob, in one
 * streaming pass that also computes the diff_id, the blob digest and the size. The tar is
 * deterministic: entries sorted by path (parents first), numeric owners only, a second
 * path to an already written inode becomes a hardlink entry, mtimes are clamped to
 * {@code SOURCE_DATE_EPOCH} when one is set, and compression gives the same bytes for the
 * same tar. So the same files always make the same digests.
 */
public final class LayerWriter {

    /**
     * How to write layers: the compression, the {@code SOURCE_DATE_EPOCH} to clamp mtimes to
     * (null for none), the number of compression threads, and how host owners become container
     * owners (for files without a recorded rootless owner).
     */
    public record Options(Compression compression, Instant sourceDateEpoch, int threads, OwnerMapping owners) {
        public Options {
            Objects.requireNonNull(compression, "compression");
            Objects.requireNonNull(owners, "owners");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }

        /** Gzip on all cores, no timestamp clamping, owners as they are. */
        public static Options defaults() {
            return new Options(Compression.GZIP, null, Runtime.getRuntime().availableProcessors(), OwnerMapping.IDENTITY);
        }

        public Options withCompression(Compression newCompression) {
            return new Options(newCompression, sourceDateEpoch, threads, owners);
        }

        public Options withSourceDateEpoch(Instant epoch) {
            return new Options(compression, epoch, threads, owners);
        }

        public Options withThreads(int newThreads) {
            return new Options(compression, sourceDateEpoch, newThreads, owners);
        }

        public Options withOwners(OwnerMapping newOwners) {
            return new Options(compression, sourceDateEpoch, threads, newOwners);
        }
    }

    private final Options options;

    public LayerWriter(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public LayerWriter() {
        this(Options.defaults());
    }

    /** Writes every file under {@code directory} (not the directory itself) as one layer. */
    public LayerBlob writeDirectory(Path directory, OutputStream out) {
        return writeDirectory(directory, out, DeclaredEntries.NONE);
    }

    /**
     * Writes every file under {@code directory} as one layer, with the owners and device nodes
     * {@code declared} gives its paths: for a tree unpacked by a process that could not keep them.
     */
    public LayerBlob writeDirectory(Path directory, OutputStream out, DeclaredEntries declared) {
        List<Item> items = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(path -> !path.equals(directory))
                    .forEach(path -> items.add(Item.source(LayerPath.parse(directory.relativize(path).toString()))));
        } catch (IOException | UncheckedIOException e) {
            throw new LayerException("could not list " + directory + ": " + e.getMessage(), e);
        }
        return write(directory, items, out, declared);
    }

    /**
     * Writes the given changes as one layer; added and modified paths are read from
     * {@code source}, deletions become whiteouts, replaced directories get an opaque marker.
     */
    public LayerBlob writeChanges(Path source, List<LayerChange> changes, OutputStream out) {
        List<Item> items = new ArrayList<>();
        for (LayerChange change : changes) {
            LayerPath path = LayerPath.parse(change.path());
            switch (change.kind()) {
                case ADDED, MODIFIED -> items.add(Item.source(path));
                case DELETED -> items.add(Item.marker(path.parent().child(Whiteout.PREFIX + path.name())));
                case OPAQUE_DIRECTORY -> {
                    items.add(Item.source(path));
                    items.add(Item.marker(path.child(Whiteout.OPAQUE_MARKER)));
                }
            }
        }
        return write(source, items, out, DeclaredEntries.NONE);
    }

    /** An entry to write: a file read from the source, or a whiteout marker. */
    private record Item(LayerPath path, boolean marker) {
        static Item source(LayerPath path) {
            return new Item(path, false);
        }

        static Item marker(LayerPath path) {
            return new Item(path, true);
        }
    }

    private LayerBlob write(Path source, List<Item> items, OutputStream out, DeclaredEntries declared) {
        items.sort((a, b) -> a.path().compareTo(b.path()));
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).path().equals(items.get(i - 1).path())) {
                throw new LayerException("path " + items.get(i).path() + " is listed twice in the layer's changes");
            }
        }
        long maxMtime = options.sourceDateEpoch() == null ? Long.MAX_VALUE : options.sourceDateEpoch().getEpochSecond();
        // Uncompressed, the blob is the tar: one hash serves as both digests.
        boolean plain = options.compression() == Compression.NONE;
        DigestingOutputStream blob = plain ? null : new DigestingOutputStream(new KeepOpenStream(out));
        String current = null;
        OutputStream compressed = null;
        try {
            compressed = plain ? new KeepOpenStream(out) : options.compression().compress(blob, options.threads());
            DigestingOutputStream tarBytes = new DigestingOutputStream(new BufferedOutputStream(new NoFlush(compressed), 1 << 16));
            TarWriter tar = new TarWriter(tarBytes);
            Map<SourceFile.FileKey, String> firstPathOfInode = new HashMap<>();
            for (Item item : items) {
                current = item.path().toString();
                writeItem(source, item, tar, firstPathOfInode, maxMtime, declared);
            }
            current = null;
            tar.finish();
            tarBytes.flush();
            OutputStream finishing = compressed;
            compressed = null;
            finishing.close();
            Digest diffId = tarBytes.digest();
            if (plain) {
                return new LayerBlob(diffId, diffId, tarBytes.size(), mediaType());
            }
            return new LayerBlob(blob.digest(), diffId, blob.size(), mediaType());
        } catch (IOException e) {
            String where = current == null ? "" : " at " + current;
            throw new LayerException("could not write layer from " + source + where + ": " + e.getMessage(), e);
        } finally {
            if (compressed != null) {
                closeAfterFailure(compressed);
            }
        }
    }

    /** Releases the compressor's threads and native memory; the output is garbage by now anyway. */
    private static void closeAfterFailure(OutputStream compressed) {
        try {
            compressed.close();
        } catch (IOException | RuntimeException e) {
            // The original failure is the one worth reporting.
        }
    }

    private void writeItem(Path source, Item item, TarWriter tar, Map<SourceFile.FileKey, String> firstPathOfInode,
            long maxMtime, DeclaredEntries declared) throws IOException {
        String name = item.path().toString();
        if (item.marker()) {
            // Whiteouts carry no metadata of their own; fixed values keep the tar reproducible.
            tar.write(TarEntry.file(name, 0, 0, 0, 0, 0));
            return;
        }
        if (Whiteout.isWhiteoutName(item.path().name())) {
            throw new LayerException("file " + name + " in " + source
                    + " has a whiteout name (.wh.*) and cannot be stored in a layer");
        }
        Path file = source.resolve(name);
        SourceFile read = SourceFile.read(file, options.owners());
        if (read == null) {
            return; // a socket: no tar representation, and meaningless in an image
        }
        SourceFile meta = declared.apply(item.path(), read);
        if (meta.type() == TarEntryType.FILE && meta.linkCount() > 1) {
            String first = firstPathOfInode.putIfAbsent(meta.key(), name);
            if (first != null) {
                tar.write(meta.toHardlink(name, first, maxMtime));
                return;
            }
        }
        TarEntry entry = meta.toEntry(name, maxMtime);
        if (entry.type() != TarEntryType.FILE || entry.size() == 0) {
            tar.write(entry);
            return;
        }
        try (InputStream content = Files.newInputStream(file)) {
            tar.write(entry, content);
        }
    }

    private String mediaType() {
        return switch (options.compression()) {
            case NONE -> MediaType.OCI_LAYER;
            case GZIP -> MediaType.OCI_LAYER_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_ZSTD;
        };
    }

    /** Buffer flushes must not reach the compressor, where a flush would change the output. */
    private static final class NoFlush extends FilterOutputStream {
        NoFlush(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            // deliberately nothing
        }

        @Override
        public void close() {
            // the compressor is closed by the writer itself
        }
    }
}
