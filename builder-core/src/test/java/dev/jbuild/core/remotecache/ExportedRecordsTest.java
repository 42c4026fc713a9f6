package dev.jbuild.core.remotecache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportedRecordsTest {

    private static final CachedLayer LAYER = new CachedLayer(Digest.sha256("blob".getBytes()),
            Digest.sha256("tar".getBytes()), 4, "application/vnd.oci.image.layer.v1.tar");

    private static CacheKey key(String name) {
        return CacheKey.builder("run").add("argv", name).build();
    }

    @Test
    void recordsSurviveARoundTripWithLayersAndNoChangeSteps() {
        ExportedRecords records = ExportedRecords.of(List.of(new CacheEntry(key("a"), CacheRecord.of(LAYER)),
                new CacheEntry(key("b"), CacheRecord.noChange())));
        ExportedRecords read = ExportedRecords.parse(records.toJson());
        assertTrue(read.current());
        assertEquals(CacheRecord.of(LAYER), read.byKey().get(key("a")));
        assertEquals(CacheRecord.noChange(), read.byKey().get(key("b")));
        assertEquals(List.of(LAYER), read.layers());
    }

    @Test
    void sameRecordsInAnyOrderGiveTheSameBytesAndDuplicatesCountOnce() {
        CacheEntry a = new CacheEntry(key("a"), CacheRecord.of(LAYER));
        CacheEntry b = new CacheEntry(key("b"), CacheRecord.noChange());
        byte[] one = ExportedRecords.of(List.of(a, b)).toJson();
        assertArrayEquals(one, ExportedRecords.of(List.of(b, a, b)).toJson());
        assertEquals(2, ExportedRecords.parse(one).entries().size());
    }

    @Test
    void recordsOfAnotherKeySchemaAreNotImported() {
        String json = "{\"keySchemaVersion\":" + (CacheKey.SCHEMA_VERSION + 1)
                + ",\"records\":[{\"key\":\"sha256:" + "ab".repeat(32) + "\",\"something\":\"new\"}]}";
        ExportedRecords read = ExportedRecords.parse(json.getBytes(StandardCharsets.UTF_8));
        assertFalse(read.current());
        assertEquals(CacheKey.SCHEMA_VERSION + 1, read.keySchemaVersion());
        assertTrue(read.entries().isEmpty());
    }

    @Test
    void malformedRecordsAreAFormatErrorThatSaysWhat() {
        assertTrue(assertThrows(CacheFormatException.class, () -> ExportedRecords.parse("{\"records\":".getBytes()))
                .getMessage().contains("not JSON"));
        assertTrue(assertThrows(CacheFormatException.class, () -> ExportedRecords.parse("{}".getBytes()))
                .getMessage().contains("keySchemaVersion"));
        String badKey = "{\"keySchemaVersion\":" + CacheKey.SCHEMA_VERSION + ",\"records\":[{\"key\":\"nope\"}]}";
        assertTrue(assertThrows(CacheFormatException.class, () -> ExportedRecords.parse(badKey.getBytes()))
                .getMessage().contains("nope"));
    }
}
