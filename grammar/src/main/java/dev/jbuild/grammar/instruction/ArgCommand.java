package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;

/**
 * {@code ARG name[=default]…}: declares build arguments. Before the first FROM they are global
 * (usable in FROM lines); inside a stage they are variables of that stage.
 */
public record ArgCommand(List<ArgDefinition> arguments, Origin origin) implements Command {

    public ArgCommand {
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(origin, "origin");
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("ARG needs at least one argument");
        }
    }
}
