package dev.jbuild.cli;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import dev.jbuild.grammar.lint.LintWarning;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jbuild check}: validates a Dockerfile as a build would before it resolves any image,
 * and prints the build-check warnings. Exit 0 when it is valid, 1 at the first error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a Dockerfile without building it: the parse, the instruction rules "
                + "(known instructions and flags, stage names, mount options, JSON forms, ENV/LABEL pairs) "
                + "and build-check warnings (e.g. StageNameCasing, MaintainerDeprecated, SecretsUsedInArgOrEnv).",
            "Warnings go to stderr; '# check=skip=RULE,...' or '# check=error=true' at the top of the file "
                + "skip rules or turn warnings into errors."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    private DockerfileSource source;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dockerfile dockerfile = source.parse(spec.commandLine());
        PrintWriter err = spec.commandLine().getErr();
        DockerfileCheck check = DockerfileCheck.run(dockerfile, warning -> print(err, dockerfile, warning));
        int instructions = check.definition().stages().stream().mapToInt(s -> s.commands().size() + 1).sum();
        spec.commandLine().getOut().printf("%s: valid (%d stage%s, %d instructions, %d warning%s)%n",
                dockerfile.name(), check.definition().stages().size(), check.definition().stages().size() == 1 ? "" : "s",
                instructions + check.definition().metaArgs().size(),
                check.warnings().size(), check.warnings().size() == 1 ? "" : "s");
        return ExitStatus.OK;
    }

    private static void print(PrintWriter err, Dockerfile dockerfile, LintWarning warning) {
        int line = warning.range().startLine();
        err.printf("%s:%d:%d: warning: %s: %s%n", dockerfile.name(), line, warning.range().startColumn(),
                warning.rule(), warning.message());
        err.printf(" %d | %s%n", line, dockerfile.line(line));
        err.flush();
    }
}
