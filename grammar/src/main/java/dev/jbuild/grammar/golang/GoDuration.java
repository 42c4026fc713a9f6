package dev.jbuild.grammar.golang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * A duration in Go's {@code time.ParseDuration} syntax, as HEALTHCHECK flags take it: an optional
 * sign, then numbers with optional fractions, each with a unit ({@code ns us µs ms s m h}), such
 * as {@code 1m30s} or {@code 1.5h}; a bare {@code 0} needs no unit.
 */
public final class GoDuration {

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** @throws IllegalArgumentException naming what is wrong with the text */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean wholeDigits = i > numberStart;
            boolean fractionDigits = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                fractionDigits = i > fractionStart;
            }
            if (!wholeDigits && !fractionDigits) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
            }
            Long nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            }
            BigDecimal value = new BigDecimal(number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number : number);
            total = total.add(value.multiply(BigDecimal.valueOf(nanos)).toBigInteger());
            if (total.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\" (too long)");
            }
        }
        long nanos = total.longValueExact();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
