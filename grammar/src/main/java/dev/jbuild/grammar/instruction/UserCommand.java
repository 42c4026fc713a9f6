package dev.jbuild.grammar.instruction;

import java.util.Objects;

/** {@code USER user[:group]}: the user that runs the rest of the stage and the image's containers. */
public record UserCommand(String user, Origin origin) implements Command {

    public UserCommand {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(origin, "origin");
    }
}
