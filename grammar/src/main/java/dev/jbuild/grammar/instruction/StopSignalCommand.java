package dev.jbuild.grammar.instruction;

import java.util.Objects;

/** {@code STOPSIGNAL signal}: the signal that stops the image's containers. */
public record StopSignalCommand(String signal, Origin origin) implements Command {

    public StopSignalCommand {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(origin, "origin");
    }
}
