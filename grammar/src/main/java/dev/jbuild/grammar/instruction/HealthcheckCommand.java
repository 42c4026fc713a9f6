package dev.jbuild.grammar.instruction;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…] [--start-interval=…]
 * [--retries=…] CMD command} or {@code HEALTHCHECK NONE}. {@code test} is in the image-config
 * form: {@code ["CMD", args…]}, {@code ["CMD-SHELL", command]} or {@code ["NONE"]}. A zero
 * duration or retry count means "not set" (the runtime's default applies).
 */
public record HealthcheckCommand(
        List<String> test,
        Duration interval,
        Duration timeout,
        Duration startPeriod,
        Duration startInterval,
        int retries,
        Origin origin) implements Command {

    public HealthcheckCommand {
        test = List.copyOf(test);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
        Objects.requireNonNull(startInterval, "startInterval");
        Objects.requireNonNull(origin, "origin");
        if (test.isEmpty()) {
            throw new IllegalArgumentException("a health check needs a test");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries cannot be negative: " + retries);
        }
    }

    /** {@code HEALTHCHECK NONE}: turns off any health check inherited from the base image. */
    public boolean disabled() {
        return test.equals(List.of("NONE"));
    }
}
