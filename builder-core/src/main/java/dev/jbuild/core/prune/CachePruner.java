package dev.jbuild.core.prune;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.StoredRecord;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.fs.TreeSize;
import dev.jbuild.core.snapshot.CachedSnapshot;
import dev.jbuild.core.snapshot.SnapshotCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Frees build cache by least recent use, as a {@link PrunePolicy} says; images in the local
 * store keep every blob they reach. The caller must hold the data directory exclusively
 * ({@code DataDirectoryLock}), so nothing removed is in use by a build.
 *
 * <p>Killed at any moment, it leaves a usable cache: a record is removed before its blob (a
 * blob without a record is garbage the next prune takes; a record without its blob would only
 * be a miss), and snapshots and cache mounts are renamed aside before they are emptied, so no
 * build finds half a tree.
 */
public final class CachePruner {

    private static final String MOUNT_TRASH = ".pruned-";

    private final Path data;
    private final Clock clock;

    public CachePruner(Path dataDirectory) {
        this(dataDirectory, Clock.systemUTC());
    }

    /** With a clock of the caller's choosing, for ages measured against a fixed now. */
    public CachePruner(Path dataDirectory, Clock clock) {
        this.data = dataDirectory.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public PruneReport prune(PrunePolicy policy) {
        Tally tally = new Tally();
        tally.freed += removeAbandonedWork();
        CacheInventory inventory = CacheInventory.of(data);
        if (!inventory.imagesReadable()) {
            tally.warnings.add("an image's manifest in " + data + " could not be read, so no blob was removed");
        }
        Map<Digest, Integer> recordsNaming = new HashMap<>();
        Map<Path, StoredRecord> recordsByFile = new HashMap<>();
        for (StoredRecord record : inventory.records()) {
            recordsByFile.put(record.file(), record);
            record.layer().ifPresent(l -> recordsNaming.merge(l.digest(), 1, Integer::sum));
        }
        Instant cutoff = policy.unusedFor().map(d -> clock.instant().minus(d)).orElse(Instant.MAX);
        List<CacheEntry> candidates = new ArrayList<>(inventory.entries().stream()
                .filter(e -> e.lastUsed().isBefore(cutoff)).toList());
        candidates.sort(Comparator.comparing(CacheEntry::lastUsed));
        long keep = policy.keepStorage().map(StorageSize::bytes).orElse(0L);
        long total = inventory.buildCacheBytes();
        BlobStore blobs = new BlobStore(data);
        CacheIndex index = new CacheIndex(data, blobs);
        SnapshotCache snapshots = new SnapshotCache(data.resolve("snapshots"));
        Map<Path, CachedSnapshot> snapshotsByEntry = new HashMap<>();
        inventory.snapshots().forEach(s -> snapshotsByEntry.put(s.entry(), s));
        for (CacheEntry entry : candidates) {
            if (total <= keep) {
                break;
            }
            long freed = entry.size();
            switch (entry.kind()) {
                case RECORD -> {
                    StoredRecord record = recordsByFile.get(entry.path());
                    index.remove(record);
                    tally.records++;
                    if (record.layer().isPresent()) {
                        Digest layer = record.layer().get().digest();
                        if (recordsNaming.merge(layer, -1, Integer::sum) == 0 && !inventory.isImageBlob(layer)
                                && inventory.imagesReadable() && blobs.delete(layer)) {
                            freed += inventory.blobSize(layer).orElse(0L);
                            tally.blobs++;
                        }
                    }
                }
                case UNREFERENCED_BLOB -> {
                    if (!inventory.imagesReadable()) {
                        continue;
                    }
                    delete(entry.path());
                    tally.blobs++;
                }
                case SNAPSHOT -> {
                    snapshots.remove(snapshotsByEntry.get(entry.path()));
                    tally.snapshots++;
                }
                case CACHE_MOUNT -> {
                    deleteAside(entry.path(), entry.path().resolveSibling(MOUNT_TRASH + UUID.randomUUID()));
                    tally.cacheMounts++;
                }
                case KEY_HISTORY -> {
                    delete(entry.path());
                    tally.keyHistory++;
                }
                case DOWNLOAD, CONVERSION -> delete(entry.path());
                default -> throw new IllegalStateException("unknown cache entry kind " + entry.kind());
            }
            total -= freed;
            tally.freed += freed;
        }
        return new PruneReport(tally.freed, tally.records, tally.blobs, tally.snapshots, tally.cacheMounts,
                tally.keyHistory, tally.warnings);
    }

    // Under the exclusive lock every work session, half-written blob and set-aside tree is a dead process's.
    private long removeAbandonedWork() {
        Path sessions = data.resolve("snapshots").resolve("sessions");
        long before = TreeSize.of(sessions);
        new SnapshotCache(data.resolve("snapshots")).removeAbandonedWork();
        long freed = Math.max(0, before - TreeSize.of(sessions));
        Path mounts = data.resolve("cache-mounts");
        if (Files.isDirectory(mounts)) {
            try (DirectoryStream<Path> trash = Files.newDirectoryStream(mounts, MOUNT_TRASH + "*")) {
                for (Path t : trash) {
                    freed += TreeSize.of(t);
                    TreeDeletion.delete(t);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove what a killed prune left in " + mounts + ": " + e.getMessage(), e);
            }
        }
        new BlobStore(data).removeAbandonedWrites(Duration.ZERO);
        return freed;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteAside(Path tree, Path trash) {
        try {
            TreeDeletion.deleteAside(tree, trash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + tree + ": " + e.getMessage(), e);
        }
    }

    private static final class Tally {
        long freed;
        int records;
        int blobs;
        int snapshots;
        int cacheMounts;
        int keyHistory;
        final List<String> warnings = new ArrayList<>();
    }
}
