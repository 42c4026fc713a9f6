package dev.jbuild.cache.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local build cache: one small JSON record per cache key under {@code <root>/cache/v1/},
 * mapping the key to the layer the step produced. A record is written (temp file, fsync,
 * rename) only after its blob is stored, and a lookup whose blob has gone is a miss, so a
 * build killed at any moment leaves a cache the next build can use.
 */
public final class CacheIndex implements CacheSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path records;
    private final BlobStore blobs;

    public CacheIndex(Path root, BlobStore blobs) {
        this.records = root.toAbsolutePath().normalize().resolve("cache").resolve("v" + CacheKey.SCHEMA_VERSION);
        this.blobs = blobs;
    }

    @Override
    public Optional<CacheRecord> lookup(CacheKey key) {
        Path file = file(key);
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // an unreadable record is a miss; the step runs again and rewrites it
            return Optional.empty();
        }
        JsonNode layer = json.get("layer");
        if (layer == null || layer.isNull()) {
            return Optional.of(CacheRecord.noChange());
        }
        CachedLayer cached = new CachedLayer(Digest.parse(layer.get("digest").asText()),
                Digest.parse(layer.get("diffId").asText()), layer.get("size").asLong(), layer.get("mediaType").asText());
        return blobs.contains(cached.digest()) ? Optional.of(CacheRecord.of(cached)) : Optional.empty();
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
        }, () -> json.putNull("layer"));
        try {
            AtomicFile.write(file(key), JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cache record " + file(key), e);
        }
    }

    private Path file(CacheKey key) {
        String hex = key.digest().hex();
        return records.resolve(hex.substring(0, 2)).resolve(hex + ".json");
    }
}
