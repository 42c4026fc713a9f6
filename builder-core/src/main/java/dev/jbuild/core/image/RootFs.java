package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jbuild.cache.digest.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The layer chain of an image config: the digests of the uncompressed layer tars
 * ({@code diff_ids}), bottom first. These, not the compressed blob digests, identify the
 * filesystem, so the same image compressed differently has the same rootfs.
 */
public record RootFs(
        String type,
        @JsonProperty("diff_ids") List<Digest> diffIds,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static final String LAYERS = "layers";

    public RootFs {
        Objects.requireNonNull(type, "rootfs type");
        diffIds = JsonValues.copy(diffIds == null ? List.of() : diffIds);
        extra = JsonValues.extra(extra);
    }

    public static RootFs of(List<Digest> diffIds) {
        return new RootFs(LAYERS, diffIds, null);
    }

    /** This chain with one more layer on top. */
    public RootFs plus(Digest diffId) {
        List<Digest> longer = new ArrayList<>(diffIds);
        longer.add(diffId);
        return new RootFs(type, longer, extra);
    }
}
