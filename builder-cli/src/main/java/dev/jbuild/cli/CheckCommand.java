package dev.jbuild.cli;

import dev.jbuild.grammar.Dockerfile;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbuild check}: validates a Dockerfile without building it. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a Dockerfile without building: parse, instruction rules and lint warnings.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    private DockerfileSource source;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dockerfile dockerfile = source.parse(spec.commandLine());
        spec.commandLine().getOut().println(dockerfile.name() + ": " + dockerfile.instructions().size()
                + " instructions, valid");
        return ExitStatus.OK;
    }
}
