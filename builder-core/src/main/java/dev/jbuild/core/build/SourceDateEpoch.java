package dev.jbuild.core.build;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The time a reproducible build stamps on everything, as BuildKit takes it: the
 * {@code SOURCE_DATE_EPOCH} build argument, else the environment variable, in whole seconds.
 */
public final class SourceDateEpoch {

    public static final String NAME = "SOURCE_DATE_EPOCH";

    private SourceDateEpoch() {
    }

    /** The time, or empty when neither is set; a value that is not whole seconds is an error naming it. */
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
