package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The platform an image runs on, as listed in an index: {@code linux/arm64/v8} and friends. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        List<String> features,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Platform {
        Objects.requireNonNull(architecture, "platform architecture");
        Objects.requireNonNull(os, "platform os");
        osFeatures = JsonValues.copy(osFeatures);
        features = JsonValues.copy(features);
        extra = JsonValues.extra(extra);
    }

    /** Parses {@code os/architecture[/variant]}, the form of {@code --platform}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
            throw new IllegalArgumentException("not a platform (expected os/arch[/variant]): '" + text + "'");
        }
        return new Platform(parts[1], parts[0], null, null, parts.length == 3 ? parts[2] : null, null, null);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
