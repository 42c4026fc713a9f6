package dev.jbuild.core.build;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The build's fixed timestamp as BuildKit finds it: the {@code SOURCE_DATE_EPOCH} build argument,
 * else the environment variable of that name, in whole seconds since 1970. Shared by the CLI and
 * the Maven plugin so both date an image the same way.
 */
public final class SourceDateEpoch {

    public static final String NAME = "SOURCE_DATE_EPOCH";

    private SourceDateEpoch() {
    }

    /** The time set by the build arguments or the environment; empty when neither sets one. */
    public static Optional<Instant> resolve(Map<String, String> buildArgs, Map<String, String> environment) {
        String epoch = buildArgs.getOrDefault(NAME, environment.get(NAME));
        if (epoch == null || epoch.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NAME + " must be whole seconds since 1970, not '" + epoch + "'", e);
        }
    }
}
