package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.Heredoc;
import java.util.List;
import java.util.Objects;

/**
 * {@code RUN [--mount=…] [--network=…] [--security=…] [--device=…] command}: runs a command in
 * the stage's file system. Heredocs are the bodies the command line refers to ({@code RUN <<EOF}).
 */
public record RunCommand(
        CommandLine command,
        List<Heredoc> heredocs,
        List<RunMount> mounts,
        NetworkMode network,
        SecurityMode security,
        List<RunDevice> devices,
        Origin origin) implements Command {

    public RunCommand {
        Objects.requireNonNull(command, "command");
        heredocs = List.copyOf(heredocs);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(security, "security");
        devices = List.copyOf(devices);
        Objects.requireNonNull(origin, "origin");
    }
}
