package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.lint.CheckOptions;
import dev.jbuild.grammar.lint.LintRule;
import dev.jbuild.grammar.lint.LintWarning;
import dev.jbuild.grammar.lint.Linter;
import dev.jbuild.grammar.Directive;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.Instruction;
import dev.jbuild.grammar.ParseWarning;
import dev.jbuild.grammar.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code jbuild check} reports for a Dockerfile: the checked build definition and the build
 * check findings, ordered by line. {@link #run(Dockerfile)} throws the first error instead, and
 * with {@code # check=error=true} any finding is an error.
 */
public record DockerfileCheck(BuildDefinition definition, List<LintWarning> warnings) {

    private static final Comparator<LintWarning> BY_POSITION = Comparator
            .comparingInt((LintWarning w) -> w.range().startLine())
            .thenComparingInt(w -> w.range().startColumn());

    public DockerfileCheck {
        Objects.requireNonNull(definition, "definition");
        warnings = List.copyOf(warnings);
    }

    public static DockerfileCheck run(Dockerfile dockerfile) throws DockerfileException {
        return run(dockerfile, warning -> { });
    }

    /**
     * Checks, passing each finding to {@code onWarning} as soon as it is found, so that findings
     * before an error can still be shown (BuildKit shows them too).
     *
     * @throws DockerfileException for the first error; for {@code error=true} and any finding, an
     *     error naming the rules that reported, at the first finding
     */
    public static DockerfileCheck run(Dockerfile dockerfile, Consumer<LintWarning> onWarning)
            throws DockerfileException {
        CheckOptions options = options(dockerfile);
        Linter lint = new Linter(options, onWarning);
        emptyContinuations(dockerfile, lint);
        BuildDefinition definition = new InstructionReader().read(dockerfile, lint);
        new DefinitionLinter(lint, new InstructionComments(dockerfile), dockerfile.escape()).run(definition);
        List<LintWarning> warnings = new ArrayList<>(lint.warnings());
        warnings.sort(BY_POSITION);
        if (options.errorOnWarning() && !warnings.isEmpty()) {
            SourceRange first = warnings.get(0).range();
            throw new DockerfileException(dockerfile.name(), first.startLine(), first.startColumn(),
                    "lint violation found for rules: " + String.join(", ", lint.reportedRules())
                            + " (the check directive sets error=true: fix them or skip the rules)",
                    dockerfile.line(first.startLine()));
        }
        return new DockerfileCheck(definition, warnings);
    }

    private static CheckOptions options(Dockerfile dockerfile) throws DockerfileException {
        Optional<Directive> directive = dockerfile.directive("check");
        if (directive.isEmpty()) {
            return CheckOptions.DEFAULT;
        }
        try {
            return CheckOptions.parse(directive.get().value());
        } catch (IllegalArgumentException e) {
            int line = directive.get().line();
            String text = dockerfile.line(line);
            int column = text.toLowerCase(Locale.ROOT).indexOf("check") + 1;
            throw new DockerfileException(dockerfile.name(), line, Math.max(column, 0),
                    "failed to parse check options: " + e.getMessage(), text);
        }
    }

    // BuildKit reports empty continuation lines once per instruction, at its last line.
    private static void emptyContinuations(Dockerfile dockerfile, Linter lint) {
        Set<Integer> reported = new HashSet<>();
        for (ParseWarning warning : dockerfile.warnings()) {
            int line = warning.line();
            for (Instruction instruction : dockerfile.instructions()) {
                SourceRange range = instruction.range();
                if (range.startLine() <= warning.line() && warning.line() <= range.endLine()) {
                    line = range.endLine();
                }
            }
            if (reported.add(line)) {
                lint.report(LintRule.NO_EMPTY_CONTINUATION, new SourceRange(line, 1, line),
                        "Empty continuation line (remove the empty line, or end the instruction before it)");
            }
        }
    }
}
