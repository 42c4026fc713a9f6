package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.lint.Linter;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a parsed {@link Dockerfile} into a {@link BuildDefinition}: typed commands grouped by
 * stage, global ARGs apart. It checks what BuildKit's {@code instructions.Parse} checks before any
 * image is resolved, and stops at the first problem with a {@link DockerfileException} naming the
 * file, line and column. Build checks (lint rules) are {@link DockerfileCheck}'s job.
 */
public final class InstructionReader {

    public BuildDefinition read(Dockerfile dockerfile) throws DockerfileException {
        return read(dockerfile, Linter.silent());
    }

    /** Reads, reporting the build checks that BuildKit runs while parsing to {@code lint}. */
    BuildDefinition read(Dockerfile dockerfile, Linter lint) throws DockerfileException {
        SourceText source = new SourceText(dockerfile);
        CommandReader reader = new CommandReader(source, dockerfile.escape());
        InstructionComments comments = new InstructionComments(dockerfile);
        List<ArgCommand> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        FromCommand from = null;
        List<Command> commands = new ArrayList<>();
        for (Instruction instruction : dockerfile.instructions()) {
            List<String> above = comments.before(instruction.range());
            Command command = reader.read(instruction, lint.forComments(above), above);
            if (command instanceof FromCommand next) {
                if (from != null) {
                    stages.add(new Stage(from, commands));
                }
                from = next;
                commands = new ArrayList<>();
                continue;
            }
            if (from != null) {
                commands.add(command);
                continue;
            }
            if (command instanceof ArgCommand arg) {
                metaArgs.add(arg);
                continue;
            }
            throw source.error(instruction, "no build stage in current context: " + instruction.keyword()
                    + " must come after a FROM (only ARG may come before the first FROM)");
        }
        if (from == null) {
            throw source.fileError("dockerfile contains no stages to build: add a FROM line"
                    + " (only ARG instructions were found)");
        }
        stages.add(new Stage(from, commands));
        return new BuildDefinition(metaArgs, stages);
    }
}
