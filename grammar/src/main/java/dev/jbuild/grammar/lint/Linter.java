package dev.jbuild.grammar.lint;

import dev.jbuild.grammar.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects build-check findings under the options in force. A view with the options of the
 * comments above one instruction shares the findings of the whole file.
 */
public final class Linter {

    private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");

    /** The findings of one run, whatever view reported them. */
    private static final class Findings {
        final List<LintWarning> warnings = new ArrayList<>();
        final Set<String> rules = new LinkedHashSet<>();
        final Consumer<LintWarning> listener;

        Findings(Consumer<LintWarning> listener) {
            this.listener = listener;
        }
    }

    private final CheckOptions options;
    private final Findings findings;

    public Linter(CheckOptions options, Consumer<LintWarning> listener) {
        this(options, new Findings(listener));
    }

    private Linter(CheckOptions options, Findings findings) {
        this.options = options;
        this.findings = findings;
    }

    /** A linter that runs no rule, for reading without checking. */
    public static Linter silent() {
        return new Linter(new CheckOptions(Set.of(), true, Set.of(), false, false), w -> { });
    }

    /**
     * This linter adjusted by the first {@code check=…} among the comments above an instruction;
     * an unreadable one is ignored, as BuildKit ignores it. Text after a space in its value is a
     * remark ({@code # check=skip=all // why}).
     */
    public Linter forComments(List<String> comments) {
        for (String comment : comments) {
            Matcher m = DIRECTIVE.matcher(comment);
            if (!m.matches() || !m.group(1).toLowerCase(Locale.ROOT).equals("check")) {
                continue;
            }
            String value = m.group(2);
            int space = value.indexOf(' ');
            try {
                CheckOptions extra = CheckOptions.parse(space < 0 ? value : value.substring(0, space));
            return new Linter(options.merge(extra), findings);
            } catch (IllegalArgumentException unreadable) {
                return this;
            }
        }
        return this;
    }

    public void report(LintRule rule, SourceRange range, String message) {
        if (!options.runs(rule)) {
            return;
        }
        LintWarning warning = new LintWarning(rule.ruleName(), message, range);
        findings.warnings.add(warning);
        findings.rules.add(rule.ruleName());
        findings.listener.accept(warning);
    }

    public List<LintWarning> warnings() {
        return List.copyOf(findings.warnings);
    }

    /** The rules that reported, in the order they first did. */
    public List<String> reportedRules() {
        return List.copyOf(findings.rules);
    }
}
