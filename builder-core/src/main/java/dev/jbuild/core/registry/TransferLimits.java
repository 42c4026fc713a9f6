package dev.jbuild.core.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a response body from a registry may take. {@code idleTimeout}: the longest gap
 * between two bytes. The total deadline of a body is {@code deadlineFloor} plus its expected
 * size at {@code minimumBytesPerSecond}, so a registry that trickles a byte just often
 * enough to dodge the idle timeout still cannot hold a pull forever. Defaults: 60 s idle,
 * 5 min floor, 32 KiB/s (slower than any link a pull is useful on); the system properties
 * {@value #IDLE_PROPERTY}, {@value #FLOOR_PROPERTY} (seconds) and {@value #RATE_PROPERTY}
 * (bytes per second) override them.
 */
public record TransferLimits(Duration idleTimeout, Duration deadlineFloor, long minimumBytesPerSecond) {

    public static final String IDLE_PROPERTY = "jbuild.registry.idleTimeoutSeconds";
    public static final String FLOOR_PROPERTY = "jbuild.registry.deadlineFloorSeconds";
    public static final String RATE_PROPERTY = "jbuild.registry.minBytesPerSecond";

    public static final TransferLimits DEFAULT = new TransferLimits(Duration.ofSeconds(60), Duration.ofMinutes(5),
            32 * 1024);

    public TransferLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(deadlineFloor, "deadlineFloor");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || deadlineFloor.isNegative() || deadlineFloor.isZero()) {
            throw new IllegalArgumentException("idle timeout and deadline floor must be positive, got " + idleTimeout
                    + " and " + deadlineFloor);
        }
        if (minimumBytesPerSecond < 1) {
            throw new IllegalArgumentException("minimum rate must be at least 1 byte per second, got "
                    + minimumBytesPerSecond);
        }
    }

    /** The defaults, with any of the three system properties applied. */
    public static TransferLimits fromSystemProperties() {
        return new TransferLimits(
                Duration.ofMillis(Math.round(1000 * number(IDLE_PROPERTY, DEFAULT.idleTimeout.toMillis() / 1000.0))),
                Duration.ofMillis(Math.round(1000 * number(FLOOR_PROPERTY, DEFAULT.deadlineFloor.toMillis() / 1000.0))),
                Math.round(number(RATE_PROPERTY, DEFAULT.minimumBytesPerSecond)));
    }

    /** The total time a body of {@code expectedBytes} may take. */
    public Duration deadlineFor(long expectedBytes) {
        long seconds = Math.max(expectedBytes, 0) / minimumBytesPerSecond;
        return deadlineFloor.plusSeconds(seconds);
    }

    private static double number(String property, double fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + property + " must be a number, got \"" + value + "\"",
                    e);
        }
    }
}
