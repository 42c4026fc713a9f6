package dev.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code Healthcheck} from the HEALTHCHECK instruction. Durations are in
 * nanoseconds, as Docker writes them; {@code Test} is e.g. {@code ["CMD-SHELL", "curl …"]}
 * or {@code ["NONE"]}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthConfig(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") Long interval,
        @JsonProperty("Timeout") Long timeout,
        @JsonProperty("StartPeriod") Long startPeriod,
        @JsonProperty("StartInterval") Long startInterval,
        @JsonProperty("Retries") Integer retries,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public HealthConfig {
        test = JsonValues.copy(test);
        extra = JsonValues.extra(extra);
    }
}
