package dev.jbuild.core.remotecache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records of a shared cache, as the config blob of its manifest carries them: the cache-key
 * schema version they were made with, and for each key the layer its step produced (digest,
 * diff_id, size, media type) or none. Records are written sorted by key, so the same records
 * give the same blob, and its digest, on every machine.
 */
public record ExportedRecords(int keySchemaVersion, List<CacheEntry> entries) {

    /** The config media type that marks a manifest as a jbuild cache. */
    public static final String MEDIA_TYPE = "application/vnd.jbuild.cache.config.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ExportedRecords {
        entries = List.copyOf(entries);
    }

    /** The records of this jbuild's key schema, one per key (the first wins), sorted by key. */
    public static ExportedRecords of(List<CacheEntry> entries) {
        Map<CacheKey, CacheEntry> byKey = new LinkedHashMap<>();
        entries.forEach(e -> byKey.putIfAbsent(e.key(), e));
        List<CacheEntry> sorted = new ArrayList<>(byKey.values());
        sorted.sort(Comparator.comparing(e -> e.key().toString()));
        return new ExportedRecords(CacheKey.SCHEMA_VERSION, sorted);
    }

    /** True if the keys were made the way this jbuild makes them, so they can hit. */
    public boolean current() {
        return keySchemaVersion == CacheKey.SCHEMA_VERSION;
    }

    /** The distinct layers the records name, in record order: the blobs an export must carry. */
    public List<CachedLayer> layers() {
        Map<Digest, CachedLayer> layers = new LinkedHashMap<>();
        entries.forEach(e -> e.record().layer().ifPresent(l -> layers.putIfAbsent(l.digest(), l)));
        return List.copyOf(layers.values());
    }

    public Map<CacheKey, CacheRecord> byKey() {
        Map<CacheKey, CacheRecord> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.key(), e.record()));
        return out;
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("keySchemaVersion", keySchemaVersion);
        ArrayNode records = root.putArray("records");
        for (CacheEntry entry : entries) {
            ObjectNode record = records.addObject();
            record.put("key", entry.key().toString());
            entry.record().layer().ifPresentOrElse(l -> {
                ObjectNode layer = record.putObject("layer");
                layer.put("digest", l.digest().toString());
                layer.put("diffId", l.diffId().toString());
                layer.put("size", l.size());
                layer.put("mediaType", l.mediaType());
                l.created().ifPresent(t -> layer.put("created", t.toString()));
            }, () -> record.putNull("layer"));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise cache records", e);
        }
    }

    /**
     * Reads a config blob. Records of another key schema are not read at all (their keys could
     * never hit, and their shape may differ): the result has that version and no entries.
     */
    public static ExportedRecords parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CacheFormatException("the cache records are not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.path("keySchemaVersion").isInt()) {
            throw new CacheFormatException("the cache records have no keySchemaVersion", null);
        }
        int version = root.get("keySchemaVersion").asInt();
        if (version != CacheKey.SCHEMA_VERSION) {
            return new ExportedRecords(version, List.of());
        }
        JsonNode records = root.path("records");
        if (!records.isArray()) {
            throw new CacheFormatException("the cache records have no records array", null);
        }
        List<CacheEntry> entries = new ArrayList<>();
        for (JsonNode record : records) {
            entries.add(entry(record));
        }
        return new ExportedRecords(version, entries);
    }

    private static CacheEntry entry(JsonNode record) {
        try {
            CacheKey key = new CacheKey(Digest.parse(record.path("key").asText()));
            JsonNode layer = record.path("layer");
            if (layer.isNull() || layer.isMissingNode()) {
                return new CacheEntry(key, CacheRecord.noChange());
            }
            if (!layer.path("size").canConvertToLong() || !layer.path("mediaType").isTextual()) {
                throw new CacheFormatException("the record of " + key + " has a layer without size or mediaType", null);
            }
            JsonNode created = layer.path("created");
            return new CacheEntry(key, CacheRecord.of(new CachedLayer(Digest.parse(layer.path("digest").asText()),
                    Digest.parse(layer.path("diffId").asText()), layer.path("size").asLong(),
                    layer.path("mediaType").asText(), created.isTextual()
                            ? Optional.of(Instant.parse(created.asText())) : Optional.empty())));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CacheFormatException("a cache record is malformed: " + e.getMessage(), e);
        }
    }
}
