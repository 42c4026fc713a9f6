package dev.jbuild.core.image;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Docker writes sets as objects whose values are all empty, {@code {"80/tcp": {}}} (a Go
 * {@code map[string]struct{}}); this maps them to a sorted {@code Set<String>} and back.
 */
final class ObjectKeySet {

    private ObjectKeySet() {
    }

    static Set<String> copy(Set<String> set) {
        return set == null ? null : Collections.unmodifiableSet(new TreeSet<>(set));
    }

    static final class Serializer extends JsonSerializer<Set<String>> {
        @Override
        public void serialize(Set<String> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            for (String key : new TreeSet<>(value)) {
                gen.writeFieldName(key);
                gen.writeStartObject();
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
    }

    static final class Deserializer extends JsonDeserializer<Set<String>> {
        @Override
        public Set<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return ctxt.reportInputMismatch(Set.class, "expected an object of empty objects, e.g. {\"80/tcp\": {}}");
            }
            Set<String> keys = new TreeSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                p.nextToken();
                // The values carry nothing in Docker's format; skip whatever is there.
                p.skipChildren();
            }
            return keys;
        }

        @Override
        public Set<String> getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
