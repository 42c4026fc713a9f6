package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A Docker manifest list, schema 2: the Docker form of a multi-platform index. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DockerManifestList(
        int schemaVersion,
        String mediaType,
        List<Descriptor> manifests,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements ManifestDocument {

    public DockerManifestList {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("Docker manifest list schemaVersion must be 2, got " + schemaVersion);
        }
        if (!MediaType.DOCKER_MANIFEST_LIST.equals(mediaType)) {
            throw new IllegalArgumentException("Docker manifest list must declare mediaType "
                    + MediaType.DOCKER_MANIFEST_LIST + ", got " + mediaType);
        }
        manifests = JsonValues.copy(manifests == null ? List.of() : manifests);
        extra = JsonValues.extra(extra);
    }

    @Override
    public String declaredMediaType() {
        return mediaType;
    }
}
