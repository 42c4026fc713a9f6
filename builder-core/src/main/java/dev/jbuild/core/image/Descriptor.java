package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jbuild.cache.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reference to content by media type, digest and size: how manifests point at configs
 * and layers and how indexes point at manifests (OCI and Docker schema 2 alike).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType,
        String data,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "descriptor mediaType");
        Objects.requireNonNull(digest, "descriptor digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor of " + digest + " has negative size " + size);
        }
        urls = JsonValues.copy(urls);
        annotations = JsonValues.copy(annotations);
        extra = JsonValues.extra(extra);
    }

    /** A plain descriptor: media type, digest and size only. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null, null, null);
    }

    /** The descriptor of these bytes, e.g. a config or manifest just serialised. */
    public static Descriptor ofContent(String mediaType, byte[] content) {
        return of(mediaType, Digest.sha256(content), content.length);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType, data, extra);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType, data, extra);
    }
}
