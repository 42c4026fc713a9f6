package dev.jbuild.grammar.golang;

import java.util.Optional;
import java.util.Set;

/**
 * Go's {@code strconv} spellings of booleans and unsigned numbers. BuildKit reads flag and mount
 * option values with them, so a Dockerfile accepted by {@code docker build} must read the same
 * here ({@code ro=T}, {@code mode=0755}).
 */
public final class GoStrconv {

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private GoStrconv() {
    }

    /** {@code strconv.ParseBool}; empty when the text is no Go boolean. */
    public static Optional<Boolean> parseBool(String text) {
        if (TRUE.contains(text)) {
            return Optional.of(true);
        }
        if (FALSE.contains(text)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /**
     * {@code strconv.ParseUint(text, radix, 32)}: digits of the radix only, no sign, no prefix, at
     * most 2^32-1; -1 when the text is not such a number.
     */
    public static long parseUint32(String text, int radix) {
        if (text.isEmpty() || text.length() > 40) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0 || text.charAt(i) > 'z') {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xFFFF_FFFFL) {
                return -1;
            }
        }
        return value;
    }
}
