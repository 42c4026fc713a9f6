package dev.jbuild.grammar.instruction;

import java.util.Objects;

/** {@code ENTRYPOINT command}: the program the image's containers run. */
public record EntrypointCommand(CommandLine command, Origin origin) implements Command {

    public EntrypointCommand {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(origin, "origin");
    }
}
