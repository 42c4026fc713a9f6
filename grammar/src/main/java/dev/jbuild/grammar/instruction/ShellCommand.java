package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;

/** {@code SHELL ["executable", "parameters"]}: the shell that runs shell-form commands from here on. */
public record ShellCommand(List<String> shell, Origin origin) implements Command {

    public ShellCommand {
        shell = List.copyOf(shell);
        Objects.requireNonNull(origin, "origin");
        if (shell.isEmpty()) {
            throw new IllegalArgumentException("SHELL needs at least the executable");
        }
    }
}
