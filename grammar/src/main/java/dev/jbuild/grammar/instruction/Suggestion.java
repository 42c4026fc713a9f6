package dev.jbuild.grammar.instruction;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean …?" of an error: the option closest to a mistyped word by edit distance, as
 * BuildKit's {@code suggest.Search} picks it (distance under 3; an exact match means the word was
 * not mistyped). Options are tried in sorted order so that ties always give the same answer.
 */
final class Suggestion {

    private static final int MAX_DISTANCE_EXCLUSIVE = 3;

    private Suggestion() {
    }

    /**
     * @param caseSensitive when false, case is ignored and the answer takes the case of
     *     {@code word} when that is all lower or all upper case
     */
    static Optional<String> closest(String word, Collection<String> options, boolean caseSensitive) {
        String value = caseSensitive ? word : word.toLowerCase(Locale.ROOT);
        String match = null;
        int best = MAX_DISTANCE_EXCLUSIVE;
        for (String option : options.stream().sorted().toList()) {
            String candidate = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
            if (candidate.equals(value)) {
                return Optional.empty();
            }
            int distance = distance(value, candidate);
            if (distance < best) {
                best = distance;
                match = caseSensitive ? option : matchCase(option, word);
            }
        }
        return Optional.ofNullable(match);
    }

    /** " (did you mean X?)" or nothing. */
    static String didYouMean(String word, Collection<String> options, boolean caseSensitive, String prefix) {
        return closest(word, options, caseSensitive).map(m -> " (did you mean " + prefix + m + "?)").orElse("");
    }

    private static String matchCase(String option, String original) {
        if (original.equals(original.toLowerCase(Locale.ROOT))) {
            return option.toLowerCase(Locale.ROOT);
        }
        if (original.equals(original.toUpperCase(Locale.ROOT))) {
            return option.toUpperCase(Locale.ROOT);
        }
        return option;
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
