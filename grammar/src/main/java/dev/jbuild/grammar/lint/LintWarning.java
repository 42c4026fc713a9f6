package dev.jbuild.grammar.lint;

import dev.jbuild.grammar.SourceRange;
import java.util.Objects;

/**
 * A build-check finding: the rule's name (such as {@code JSONArgsRecommended}), what is wrong here
 * in one line, and the instruction it is about.
 */
public record LintWarning(String rule, String message, SourceRange range) {

    public LintWarning {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(range, "range");
    }

    /** {@code Dockerfile:3 JSONArgsRecommended: message}, for plain output. */
    public String format(String file) {
        return file + ":" + range.startLine() + " " + rule + ": " + message;
    }
}
