package dev.jbuild.grammar.lint;

import dev.jbuild.grammar.golang.GoStrconv;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the {@code # check=…} directive asks for: rules to skip ({@code skip=A,B} or
 * {@code skip=all}), experimental rules to run ({@code experimental=C} or {@code all}), and
 * whether findings fail the build ({@code error=true}). Options are separated by {@code ;}.
 */
public record CheckOptions(Set<String> skip, boolean skipAll, Set<String> experimental,
                           boolean experimentalAll, boolean errorOnWarning) {

    /** The defaults: every stable rule runs, findings are warnings. */
    public static final CheckOptions DEFAULT = new CheckOptions(Set.of(), false, Set.of(), false, false);

    public CheckOptions {
        skip = Set.copyOf(skip);
        experimental = Set.copyOf(experimental);
    }

    /**
     * Reads a directive value such as {@code skip=JSONArgsRecommended;error=true}.
     *
     * @throws IllegalArgumentException naming the option that is not understood
     */
    public static CheckOptions parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return DEFAULT;
        }
        Set<String> skip = new LinkedHashSet<>();
        Set<String> experimental = new LinkedHashSet<>();
        boolean skipAll = false;
        boolean experimentalAll = false;
        boolean error = false;
        // BuildKit splits into at most three options; a fourth stays glued to the third's value.
        for (String part : text.split(";", 3)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid check option \"" + part
                        + "\": write skip=RULE,…, experimental=RULE,… or error=true");
            }
            String key = part.substring(0, eq).strip();
            String v = part.substring(eq + 1).strip();
            switch (key) {
                case "skip" -> {
                    if (v.equals("all")) {
                        skipAll = true;
                    } else {
                        ruleList(v, skip);
                    }
                }
                case "experimental" -> {
                    if (v.equals("all")) {
                        experimentalAll = true;
                    } else {
                        ruleList(v, experimental);
                    }
                }
                case "error" -> error = GoStrconv.parseBool(v).orElseThrow(() -> new IllegalArgumentException(
                        "invalid check option \"" + part + "\": error takes true or false"));
                default -> throw new IllegalArgumentException("invalid check option \"" + key
                        + "\": the options are skip, experimental and error");
            }
        }
        return new CheckOptions(skip, skipAll, experimental, experimentalAll, error);
    }

    private static void ruleList(String value, Set<String> into) {
        for (String rule : value.split(",", -1)) {
            into.add(rule.strip());
        }
    }

    /** These options with another set's added, as a comment above an instruction adds them. */
    public CheckOptions merge(CheckOptions other) {
        Set<String> mergedSkip = new LinkedHashSet<>(skip);
        mergedSkip.addAll(other.skip);
        Set<String> mergedExperimental = new LinkedHashSet<>(experimental);
        mergedExperimental.addAll(other.experimental);
        // error= is a whole-file choice; comments above instructions do not change it.
        return new CheckOptions(mergedSkip, skipAll || other.skipAll, mergedExperimental,
                experimentalAll || other.experimentalAll, errorOnWarning);
    }

    /** Whether a rule runs under these options. */
    public boolean runs(LintRule rule) {
        if (rule.experimental()) {
            return experimentalAll || experimental.contains(rule.ruleName());
        }
        return !skipAll && !skip.contains(rule.ruleName());
    }
}
