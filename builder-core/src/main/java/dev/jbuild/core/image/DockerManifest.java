package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Docker image manifest, schema 2: the predecessor of the OCI manifest, still served by
 * many registries and required by {@code docker load}. Its media type is mandatory.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DockerManifest(
        int schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements ManifestDocument {

    public DockerManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("Docker manifest schemaVersion must be 2, got " + schemaVersion);
        }
        if (!MediaType.DOCKER_MANIFEST.equals(mediaType)) {
            throw new IllegalArgumentException("Docker manifest must declare mediaType " + MediaType.DOCKER_MANIFEST
                    + ", got " + mediaType);
        }
        Objects.requireNonNull(config, "Docker manifest config");
        layers = JsonValues.copy(layers == null ? List.of() : layers);
        extra = JsonValues.extra(extra);
    }

    public static DockerManifest of(Descriptor config, List<Descriptor> layers) {
        return new DockerManifest(2, MediaType.DOCKER_MANIFEST, config, layers, null);
    }

    @Override
    public String declaredMediaType() {
        return mediaType;
    }
}
