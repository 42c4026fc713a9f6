package dev.jbuild.grammar.instruction;

import java.util.Objects;

/** {@code CMD command}: the default command, or default arguments to the entrypoint, of the image. */
public record CmdCommand(CommandLine command, Origin origin) implements Command {

    public CmdCommand {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(origin, "origin");
    }
}
