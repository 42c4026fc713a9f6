package dev.jbuild.core.prune;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.StoredRecord;
import dev.jbuild.core.fs.TreeSize;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.DockerManifest;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.ManifestDocument;
import dev.jbuild.core.snapshot.CachedSnapshot;
import dev.jbuild.core.snapshot.SnapshotCache;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.LayerConversions;
import dev.jbuild.core.store.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a data directory holds, sorted into what images need and what is build cache, read
 * the same way by {@code jbuild du} and by prune so the two agree. Blobs that tagged images
 * reach (manifests, configs, layers, through indexes) are the images'; blobs that only cache
 * records name are build cache and go with their records; blobs nothing names are garbage
 * (an untagged build's manifest, a removed image's layers).
 */
public final class CacheInventory {

    private final Path data;
    private final List<StoredRecord> records;
    private final Set<Digest> imageBlobs;
    private final boolean imagesReadable;
    private final Map<Digest, Long> blobSizes;
    private final List<CacheEntry> unreferencedBlobs;
    private final List<CachedSnapshot> snapshots;
    private final List<CacheEntry> cacheMounts;
    private final List<CacheEntry> keyHistory;
    private final List<CacheEntry> downloads;
    private final List<CacheEntry> conversions;

    private CacheInventory(Path data, List<StoredRecord> records, Set<Digest> imageBlobs, boolean imagesReadable,
            Map<Digest, Long> blobSizes, List<CacheEntry> unreferencedBlobs, List<CachedSnapshot> snapshots,
            List<CacheEntry> cacheMounts, List<CacheEntry> keyHistory, List<CacheEntry> downloads,
            List<CacheEntry> conversions) {
        this.data = data;
        this.records = records;
        this.imageBlobs = imageBlobs;
        this.imagesReadable = imagesReadable;
        this.blobSizes = blobSizes;
        this.unreferencedBlobs = unreferencedBlobs;
        this.snapshots = snapshots;
        this.cacheMounts = cacheMounts;
        this.keyHistory = keyHistory;
        this.downloads = downloads;
        this.conversions = conversions;
    }

    /** Reads the data directory now; concurrent builds may change it meanwhile (du), or not (prune's lock). */
    public static CacheInventory of(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        ImageStore store = new ImageStore(data);
        BlobStore blobs = store.blobs();
        List<StoredRecord> records = new CacheIndex(data, blobs).stored();
        Set<Digest> imageBlobs = new HashSet<>();
        boolean readable = reachFromImages(store, imageBlobs);
        Set<Digest> recorded = new HashSet<>();
        records.forEach(r -> r.layer().ifPresent(l -> recorded.add(l.digest())));
        Map<Digest, Long> sizes = new HashMap<>();
        List<CacheEntry> unreferenced = new ArrayList<>();
        for (Digest digest : blobs.list()) {
            Path file = blobs.path(digest);
            long size;
            Instant modified;
            try {
                size = Files.size(file);
                modified = Files.getLastModifiedTime(file).toInstant();
            } catch (IOException gone) {
                continue;
            }
            sizes.put(digest, size);
            if (!imageBlobs.contains(digest) && !recorded.contains(digest)) {
                unreferenced.add(new CacheEntry(CacheEntry.Kind.UNREFERENCED_BLOB, file, size, modified));
            }
        }
        return new CacheInventory(data, records, imageBlobs, readable, sizes, unreferenced,
                new SnapshotCache(data.resolve("snapshots")).stored(),
                directories(data.resolve("cache-mounts"), CacheEntry.Kind.CACHE_MOUNT),
                files(data.resolve("cache").resolve("explain"), CacheEntry.Kind.KEY_HISTORY),
                downloads(data.resolve("downloads")),
                files(data.resolve(LayerConversions.DIRECTORY), CacheEntry.Kind.CONVERSION));
    }

    // Every blob a tagged image reaches; false when some manifest could not be read, so its blobs are unknown.
    private static boolean reachFromImages(ImageStore store, Set<Digest> reached) {
        boolean complete = true;
        Deque<Descriptor> pending = new ArrayDeque<>();
        for (StoredImage image : store.images()) {
            pending.add(image.manifest());
        }
        while (!pending.isEmpty()) {
            Descriptor manifest = pending.pop();
            if (!reached.add(manifest.digest())) {
                continue;
            }
            ManifestDocument document;
            try {
                document = ImageJson.readManifest(store.readBlob(manifest.digest()), manifest.mediaType());
            } catch (RuntimeException e) {
                // An image whose manifest is missing or unreadable has blobs nobody can name: keep them all.
                complete = false;
                continue;
            }
            if (document instanceof ImageManifest m) {
                reached.add(m.config().digest());
                m.layers().forEach(l -> reached.add(l.digest()));
            } else if (document instanceof DockerManifest m) {
                reached.add(m.config().digest());
                m.layers().forEach(l -> reached.add(l.digest()));
            } else if (document instanceof ImageIndex index) {
                index.manifests().stream().filter(d -> store.blobs().contains(d.digest())).forEach(pending::add);
            } else if (document instanceof DockerManifestList list) {
                list.manifests().stream().filter(d -> store.blobs().contains(d.digest())).forEach(pending::add);
            }
        }
        return complete;
    }

    private static List<CacheEntry> directories(Path parent, CacheEntry.Kind kind) {
        List<CacheEntry> out = new ArrayList<>();
        for (Path child : children(parent)) {
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new CacheEntry(kind, child, TreeSize.of(child), modified(child)));
            }
        }
        return out;
    }

    // ADD <url> keeps each download by digest and each URL's last answer (ETag, digest) beside it
    private static List<CacheEntry> downloads(Path directory) {
        List<CacheEntry> out = new ArrayList<>(files(directory.resolve("content"), CacheEntry.Kind.DOWNLOAD));
        out.addAll(files(directory.resolve("urls"), CacheEntry.Kind.DOWNLOAD));
        return out;
    }

    private static List<CacheEntry> files(Path parent, CacheEntry.Kind kind) {
        List<CacheEntry> out = new ArrayList<>();
        for (Path child : children(parent)) {
            try {
                if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(new CacheEntry(kind, child, Files.size(child), modified(child)));
                }
            } catch (IOException gone) {
                // removed while listing
            }
        }
        return out;
    }

    private static List<Path> children(Path parent) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            entries.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    public Path dataDirectory() {
        return data;
    }

    public List<StoredRecord> records() {
        return records;
    }

    /** Whether every tagged image's manifest could be read; if not, prune deletes no blob. */
    public boolean imagesReadable() {
        return imagesReadable;
    }

    public boolean isImageBlob(Digest digest) {
        return imageBlobs.contains(digest);
    }

    /** The size of a stored blob, if it is stored. */
    public Optional<Long> blobSize(Digest digest) {
        return Optional.ofNullable(blobSizes.get(digest));
    }

    /** Bytes of the blobs tagged images reach. */
    public long imageBytes() {
        return blobSizes.entrySet().stream().filter(e -> imageBlobs.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /** Bytes of the blobs cache records name and no image reaches: build cache layers. */
    public long recordedLayerBytes() {
        Set<Digest> layers = new HashSet<>();
        records.forEach(r -> r.layer().ifPresent(l -> layers.add(l.digest())));
        return layers.stream().filter(d -> !imageBlobs.contains(d)).mapToLong(d -> blobSizes.getOrDefault(d, 0L)).sum();
    }

    public List<CacheEntry> unreferencedBlobs() {
        return unreferencedBlobs;
    }

    public List<CachedSnapshot> snapshots() {
        return snapshots;
    }

    public List<CacheEntry> cacheMounts() {
        return cacheMounts;
    }

    public List<CacheEntry> keyHistory() {
        return keyHistory;
    }

    /** Files {@code ADD <url>} downloaded, and what each URL answered last. */
    public List<CacheEntry> downloads() {
        return downloads;
    }

    /**
     * The records of layers compressed for export ({@link LayerConversions}); the compressed
     * blobs themselves are image blobs when a tagged image names them, else blobs nothing names.
     */
    public List<CacheEntry> conversions() {
        return conversions;
    }

    /** Every entry prune may remove (records' layers go with them). */
    public List<CacheEntry> entries() {
        List<CacheEntry> out = new ArrayList<>();
        records.forEach(r -> out.add(new CacheEntry(CacheEntry.Kind.RECORD, r.file(), r.size(), r.lastUsed())));
        out.addAll(unreferencedBlobs);
        snapshots.forEach(s -> out.add(new CacheEntry(CacheEntry.Kind.SNAPSHOT, s.entry(), s.size(), s.lastUsed())));
        out.addAll(cacheMounts);
        out.addAll(keyHistory);
        out.addAll(downloads);
        out.addAll(conversions);
        return out;
    }

    /** The build cache's size: what {@code prune --all} would free. */
    public long buildCacheBytes() {
        return entries().stream().mapToLong(CacheEntry::size).sum() + recordedLayerBytes();
    }
}
