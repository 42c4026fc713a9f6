package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An OCI image manifest: one platform's config and its layers, bottom layer first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements ManifestDocument {

    public ImageManifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("image manifest schemaVersion must be 2, got " + schemaVersion);
        }
        Objects.requireNonNull(config, "image manifest config");
        layers = JsonValues.copy(layers == null ? List.of() : layers);
        annotations = JsonValues.copy(annotations);
        extra = JsonValues.extra(extra);
    }

    /** A manifest with the OCI media type set, as jbuild writes them. */
    public static ImageManifest of(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaType.OCI_MANIFEST, null, config, layers, null, null, null);
    }

    @Override
    public String declaredMediaType() {
        return mediaType == null ? MediaType.OCI_MANIFEST : mediaType;
    }
}
