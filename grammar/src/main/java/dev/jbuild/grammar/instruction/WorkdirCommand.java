package dev.jbuild.grammar.instruction;

import java.util.Objects;

/** {@code WORKDIR path}: the working directory for the rest of the stage and the image. */
public record WorkdirCommand(String path, Origin origin) implements Command {

    public WorkdirCommand {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(origin, "origin");
    }
}
