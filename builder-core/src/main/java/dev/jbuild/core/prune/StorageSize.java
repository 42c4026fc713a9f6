package dev.jbuild.core.prune;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of disk space as people write it for {@code --keep-storage} and
 * {@code JBUILD_CACHE_LIMIT}: a number with an optional unit, {@code B}, {@code KB}/{@code K},
 * {@code MB}/{@code M}, {@code GB}/{@code G}, {@code TB}/{@code T}, in any case, counted in 1024s
 * as Docker's {@code --keep-storage} does ({@code 512MB}, {@code 10GB}, {@code 1.5g}). Shown
 * back in the 1000s of {@code docker builder prune}'s report ({@code 1.2GB}).
 */
public record StorageSize(long bytes) {

    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    public StorageSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    /** @throws IllegalArgumentException saying what a size looks like */
    public static StorageSize parse(String text) {
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write a number with an optional unit, "
                    + "such as 512MB, 10GB or 1.5G");
        }
        int power = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2)) + 1;
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return new StorageSize((long) bytes);
    }

    /** Like Docker's reports: {@code 0B}, {@code 512kB}, {@code 1.2GB} (powers of 1000, up to four significant digits). */
    @Override
    public String toString() {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        String number = String.format(Locale.ROOT, "%.4g", value);
        if (number.contains(".")) {
            number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return number + units[unit];
    }
}
