package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One build step in an image config's history. Steps that changed only metadata have
 * {@code empty_layer: true} and no entry in {@link RootFs#diffIds()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record History(
        String created,
        @JsonProperty("created_by") String createdBy,
        String author,
        String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public History {
        extra = JsonValues.extra(extra);
    }

    public static History of(String created, String createdBy, boolean emptyLayer) {
        return new History(created, createdBy, null, null, emptyLayer ? Boolean.TRUE : null, null);
    }

    /** True if this step added no layer. */
    public boolean isEmptyLayer() {
        return Boolean.TRUE.equals(emptyLayer);
    }
}
