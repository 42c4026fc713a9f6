package dev.jbuild.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Sizes and ages as docker prints them (its go-units): {@code 1.98MB} with three significant
 * digits in powers of 1000, and {@code 2 hours} for how long ago something was made.
 */
final class HumanUnits {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'");

    private HumanUnits() {
    }

    static String size(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return significant(value) + UNITS[unit];
    }

    // Go's %.3g: three significant digits, no trailing zeros, an exponent once the integer part needs four.
    private static String significant(double value) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3));
        if (rounded.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return "1e+03";
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** When an image config or history entry says it was made; absent, unreadable or the epoch is unknown. */
    static Optional<Instant> created(String created) {
        if (created == null || created.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant when = OffsetDateTime.parse(created).toInstant();
            // Docker shows the zero time, which some reproducible builds write, as N/A.
            return when.getEpochSecond() <= 0 ? Optional.empty() : Optional.of(when);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code 2 hours ago}, or {@code N/A} for an unknown time. */
    static String since(Optional<Instant> created, Instant now) {
        return created.map(c -> duration(Duration.between(c, now)) + " ago").orElse("N/A");
    }

    /** Go's default rendering of a time, which {@code docker images} uses: {@code 2024-01-02 15:04:05 +0000 UTC}. */
    static String goTime(Optional<Instant> created) {
        return GO_TIME.format(created.orElse(Instant.EPOCH).atOffset(ZoneOffset.UTC));
    }

    /** RFC 3339 in UTC, which {@code docker history} uses: {@code 2024-01-02T15:04:05Z}. */
    static String rfc3339(Optional<Instant> created) {
        return DateTimeFormatter.ISO_INSTANT.format(created.orElse(Instant.EPOCH).truncatedTo(ChronoUnit.SECONDS));
    }

    static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(seconds / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
