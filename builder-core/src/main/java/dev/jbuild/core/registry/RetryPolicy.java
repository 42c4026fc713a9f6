package dev.jbuild.core.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a request is repeated after a transient failure — a 5xx, a
 * 429, or a connection that was refused, reset or timed out. The delay doubles from
 * {@code initialBackoff} up to {@code maxBackoff}, with jitter so parallel transfers do not
 * retry in lockstep; a registry's {@code Retry-After} is honoured up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Four tries, waiting about 0.5, 1 and 2 seconds in between. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and "
                    + maxBackoff);
        }
    }

    /** One try, no waiting: for callers that handle failures themselves. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** True for answers that say "try again later" rather than "no". */
    public boolean isRetryableStatus(int status) {
        return status == 429 || status == 408 || (status >= 500 && status != 501 && status != 505);
    }

    /** How long to wait after failed try number {@code attempt} (1-based), given the server's Retry-After if any. */
    public Duration backoff(int attempt, String retryAfter) {
        if (retryAfter != null) {
            try {
                long seconds = Long.parseLong(retryAfter.strip());
                if (seconds >= 0) {
                    return Duration.ofSeconds(seconds).compareTo(maxBackoff) > 0 ? maxBackoff : Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // An HTTP date; fall back to our own schedule rather than trust clocks to agree.
            }
        }
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long jittered = capped / 2 + (capped <= 1 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        return Duration.ofMillis(jittered);
    }
}
