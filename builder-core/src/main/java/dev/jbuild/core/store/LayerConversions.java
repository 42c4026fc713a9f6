package dev.jbuild.core.store;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.compress.KeepOpenStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Layer blobs recompressed for leaving the store, remembered so that exporting or pushing an
 * unchanged image again reuses the blob instead of compressing its layers again. The store
 * keeps the layers jbuild writes as plain tars; an export asks for each layer in the
 * compression it wants and gets the same blob every time (compression here is deterministic).
 *
 * <p>Each conversion is one small file under {@code conversions/} in the data directory, named
 * for the source blob, the compression and the level, holding the converted blob's digest and
 * size. It is written (atomically) only after the blob is committed, so a conversion killed
 * half-way leaves at most an abandoned blob write, never a record. A record whose blob is gone
 * (pruned: converted blobs no image names are build cache) is ignored and the layer converted
 * again. Prune and {@code du} count the records as build cache.
 */
public final class LayerConversions {

    /** The directory of conversion records in a data directory. */
    public static final String DIRECTORY = "conversions";

    private final BlobStore blobs;
    private final Path records;

    public LayerConversions(BlobStore blobs) {
        this.blobs = blobs;
        this.records = blobs.root().resolve(DIRECTORY);
    }

    /**
     * The blob holding {@code source}'s tar compressed with {@code target} at {@code level}
     * (empty for the compression's default), converting it now unless an earlier conversion's
     * blob is still stored.
     */
    public StoredBlob convert(Digest source, Compression target, Optional<Integer> level) {
        int effective = target == Compression.NONE ? 0 : level.orElse(target.defaultLevel());
        Path record = record(source, target, effective);
        Optional<StoredBlob> known = read(record);
        if (known.isPresent()) {
            return known.get();
        }
        StoredBlob converted = compress(source, target, effective);
        write(record, source, converted);
        return converted;
    }

    /**
     * Records that {@code compressed}, already stored, is {@code plain}'s tar compressed with
     * {@code target} at its default level: a layer fetched compressed from a shared cache, so
     * that sending it on sends the bytes that came.
     */
    public void remember(Digest plain, Compression target, StoredBlob compressed) {
        if (!blobs.contains(compressed.digest())) {
            throw new IllegalArgumentException("blob " + compressed.digest() + " is not stored");
        }
        write(record(plain, target, target.defaultLevel()), plain, compressed);
    }

    private Path record(Digest source, Compression target, int level) {
        return records.resolve(source.hex() + "." + target.name().toLowerCase(Locale.ROOT) + "-" + level);
    }

    private void write(Path record, Digest source, StoredBlob converted) {
        try {
            Files.createDirectories(records);
            AtomicFile.writeUnsynced(record, (converted.digest() + " " + converted.size() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ImageStoreException("could not record the conversion of layer " + source + " in " + record
                    + ": " + e.getMessage(), e);
        }
    }

    // A record that is missing, torn (unsynced, so empty after a crash) or names a blob no longer
    // stored is as good as none: converting again gives the same blob.
    private Optional<StoredBlob> read(Path record) {
        try {
            String[] fields = Files.readString(record, StandardCharsets.US_ASCII).trim().split(" ");
            if (fields.length != 2) {
                return Optional.empty();
            }
            Digest digest = Digest.parse(fields[0]);
            long size = Long.parseLong(fields[1]);
            if (!blobs.contains(digest) || blobs.size(digest) != size) {
                return Optional.empty();
            }
            return Optional.of(new StoredBlob(digest, size));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private StoredBlob compress(Digest source, Compression target, int level) {
        int threads = Runtime.getRuntime().availableProcessors();
        try (InputStream tar = Compression.decompress(blobs.open(source));
                BlobWriter writer = blobs.newWriter()) {
            try (OutputStream out = target.compress(new KeepOpenStream(writer), threads, level)) {
                tar.transferTo(out);
            }
            return writer.commit();
        } catch (IOException e) {
            throw new ImageStoreException("could not compress layer " + source + " as "
                    + target.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), e);
        }
    }
}
