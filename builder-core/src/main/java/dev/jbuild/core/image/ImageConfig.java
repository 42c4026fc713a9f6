package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image configuration (OCI {@code config.v1}, which Docker's container image v1 format
 * shares): the platform, the runtime defaults, the layer chain as diff_ids, and history.
 * {@code created} is kept as the RFC 3339 text it was read as, so it writes back unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ImageConfig {
        Objects.requireNonNull(architecture, "image config architecture");
        Objects.requireNonNull(os, "image config os");
        Objects.requireNonNull(rootfs, "image config rootfs");
        osFeatures = JsonValues.copy(osFeatures);
        history = JsonValues.copy(history);
        extra = JsonValues.extra(extra);
    }

    public ImageConfig withConfig(ContainerConfig newConfig) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, newConfig, rootfs,
                history, extra);
    }

    public ImageConfig withRootfs(RootFs newRootfs) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, newRootfs,
                history, extra);
    }

    public ImageConfig withHistory(List<History> newHistory) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                newHistory, extra);
    }

    public ImageConfig withCreated(String newCreated) {
        return new ImageConfig(newCreated, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                history, extra);
    }
}
