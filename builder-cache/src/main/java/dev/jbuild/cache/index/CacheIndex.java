package dev.jbuild.cache.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * The local build cache: one small JSON record per cache key under {@code <root>/cache/v<schema>/},
 * mapping the key to the layer the step produced. A record is written (temp file, rename; no
 * fsync, as a lost or empty record is only a miss) only after its blob is stored and fsynced,
 * and a lookup whose blob has gone is a miss, so a build killed at any moment, or a power cut,
 * leaves a cache the next build can use.
 *
 * <p>A hit sets the record file's modification time to now: that is its last use, by which
 * prune removes the least recently used first. Records already read are kept in a bounded
 * in-memory front, so a key asked for again (an identical step in another stage, or the next
 * build in a long-lived JVM such as Maven's) is not read and parsed again.
 */
public final class CacheIndex implements CacheSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FRONT_ENTRIES = 10_000;

    private final Path records;
    private final BlobStore blobs;
    private final Cache<CacheKey, CacheRecord> front = Caffeine.newBuilder().maximumSize(FRONT_ENTRIES).build();
    private final Set<Path> hits = ConcurrentHashMap.newKeySet();

    public CacheIndex(Path root, BlobStore blobs) {
        this.records = root.toAbsolutePath().normalize().resolve("cache").resolve("v" + CacheKey.SCHEMA_VERSION);
        this.blobs = blobs;
    }

    @Override
    public Optional<CacheRecord> lookup(CacheKey key) {
        Path file = file(key);
        if (!touch(file)) {
            // pruned, perhaps by another process since this one read it
            front.invalidate(key);
            return Optional.empty();
        }
        CacheRecord record = front.getIfPresent(key);
        if (record == null) {
            Optional<CacheRecord> read = parse(file).filter(json -> json.get("key").asText().equals(key.toString()))
                    .flatMap(CacheIndex::toRecord);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            record = read.get();
            front.put(key, record);
        }
        if (record.layer().isPresent() && !blobs.contains(record.layer().get().digest())) {
            return Optional.empty();
        }
        hits.add(file);
        return Optional.of(record);
    }

    /** The record files lookups through this index answered, for the build memo to check. */
    public List<Path> hits() {
        return List.copyOf(hits);
    }

    public void record(CacheKey key, CacheRecord record) {
        record.layer().ifPresent(l -> {
            if (!blobs.contains(l.digest())) {
                throw new IllegalStateException("cache record for " + key + " names blob " + l.digest()
                        + ", which is not stored");
            }
        });
        ObjectNode json = JSON.createObjectNode();
        json.put("key", key.toString());
        record.layer().ifPresentOrElse(l -> {
            ObjectNode layer = json.putObject("layer");
            layer.put("digest", l.digest().toString());
            layer.put("diffId", l.diffId().toString());
            layer.put("size", l.size());
            layer.put("mediaType", l.mediaType());
            l.created().ifPresent(t -> layer.put("created", t.toString()));
        }, () -> json.putNull("layer"));
        try {
            // Without fsync: its blob is already durable, so a record that survives a power cut
            // names a whole blob, and one that does not is a miss (see parse).
            AtomicFile.writeUnsynced(file(key), JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cache record " + file(key), e);
        }
        front.put(key, record);
    }

    /**
     * Every record on disk with its size and last use, for prune and du. A record that cannot be
     * read is listed without a layer, so prune can still remove it.
     */
    public List<StoredRecord> stored() {
        List<StoredRecord> out = new ArrayList<>();
        if (!Files.isDirectory(records)) {
            return out;
        }
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(records)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*.json")) {
                    for (Path file : files) {
                        storedRecord(file).ifPresent(out::add);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // removed while listing: nothing more to list there
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list cache records in " + records + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Removes a record; its blob stays (the caller removes it after, if nothing else names it). */
    public void remove(StoredRecord record) {
        try {
            Files.deleteIfExists(record.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove cache record " + record.file() + ": " + e.getMessage(), e);
        }
        front.invalidateAll();
    }

    private Optional<StoredRecord> storedRecord(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<CachedLayer> layer = read(file).flatMap(CacheRecord::layer);
        return Optional.of(new StoredRecord(file, layer, attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    private static Optional<CacheRecord> read(Path file) {
        return parse(file).flatMap(CacheIndex::toRecord);
    }

    /**
     * The record's JSON if it is one: an object naming its key. Anything else (missing, torn, or
     * the empty file a power cut can leave, as records are not fsynced) is a miss; the step runs
     * again and rewrites it.
     */
    private static Optional<JsonNode> parse(Path file) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject() || !json.path("key").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(json);
    }

    private static Optional<CacheRecord> toRecord(JsonNode json) {
        JsonNode layer = json.get("layer");
        if (layer == null || layer.isNull()) {
            return Optional.of(CacheRecord.noChange());
        }
        try {
            JsonNode created = layer.get("created");
            return Optional.of(CacheRecord.of(new CachedLayer(Digest.parse(layer.get("digest").asText()),
                    Digest.parse(layer.get("diffId").asText()), layer.get("size").asLong(),
                    layer.get("mediaType").asText(),
                    created == null ? Optional.empty() : Optional.of(Instant.parse(created.asText())))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // One utimensat: the cheapest way to remember a use, and it tells whether the record is still there.
    private static boolean touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // a read-only cache still answers; its uses just go unremembered
            return true;
        }
    }

    private Path file(CacheKey key) {
        String hex = key.digest().hex();
        return records.resolve(hex.substring(0, 2)).resolve(hex + ".json");
    }
}
