package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;

/** {@code ENV key=value…}: environment variables for the rest of the stage and the image. */
public record EnvCommand(List<KeyValue> variables, Origin origin) implements Command {

    public EnvCommand {
        variables = List.copyOf(variables);
        Objects.requireNonNull(origin, "origin");
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("ENV needs at least one variable");
        }
    }
}
