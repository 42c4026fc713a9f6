package dev.jbuild.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Defensive copies for the image records. Absent stays absent (null) rather than becoming
 * empty, because {@code "Env": []} and no {@code Env} are different documents with
 * different digests; maps are key-sorted so that writing is deterministic.
 */
final class JsonValues {

    private JsonValues() {
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    static Map<String, JsonNode> extra(Map<String, JsonNode> extra) {
        return extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extra));
    }
}
