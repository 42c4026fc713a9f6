package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime defaults in an image config ({@code "config"}): what the Dockerfile's ENV,
 * CMD, USER, EXPOSE … instructions set. Docker's own fields that OCI lacks
 * ({@code Healthcheck}, {@code OnBuild}, {@code Shell}, {@code StopTimeout}) are typed too,
 * because later builds on top of the image rely on them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts")
        @JsonSerialize(using = ObjectKeySet.Serializer.class)
        @JsonDeserialize(using = ObjectKeySet.Deserializer.class) Set<String> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes")
        @JsonSerialize(using = ObjectKeySet.Serializer.class)
        @JsonDeserialize(using = ObjectKeySet.Deserializer.class) Set<String> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") List<String> shell,
        @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ContainerConfig {
        exposedPorts = ObjectKeySet.copy(exposedPorts);
        env = JsonValues.copy(env);
        entrypoint = JsonValues.copy(entrypoint);
        cmd = JsonValues.copy(cmd);
        volumes = ObjectKeySet.copy(volumes);
        labels = JsonValues.copy(labels);
        onBuild = JsonValues.copy(onBuild);
        shell = JsonValues.copy(shell);
        extra = JsonValues.extra(extra);
    }

    /** A config with nothing set, the start of a {@code FROM scratch} image. */
    public static ContainerConfig empty() {
        return new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
