package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** An OCI image index: manifests for several platforms (or other artifacts) under one reference. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) implements ManifestDocument {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("image index schemaVersion must be 2, got " + schemaVersion);
        }
        manifests = JsonValues.copy(manifests == null ? List.of() : manifests);
        annotations = JsonValues.copy(annotations);
        extra = JsonValues.extra(extra);
    }

    /** An index with the OCI media type set, as jbuild writes them. */
    public static ImageIndex of(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaType.OCI_INDEX, null, manifests, null, null, null);
    }

    @Override
    public String declaredMediaType() {
        return mediaType == null ? MediaType.OCI_INDEX : mediaType;
    }
}
