package dev.jbuild.grammar.instruction;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: in shell form one string that the
 * stage's shell runs ({@code RUN make all}), in exec form the argument vector of a JSON array
 * ({@code RUN ["make", "all"]}). An exec form may be empty ({@code CMD []}), and so may a shell
 * form ({@code CMD} alone), which BuildKit turns into the bare shell.
 */
public record CommandLine(List<String> arguments, boolean shellForm) {

    public CommandLine {
        arguments = List.copyOf(arguments);
        if (shellForm && arguments.size() > 1) {
            throw new IllegalArgumentException("a shell-form command is one string, not " + arguments);
        }
    }

    public static CommandLine shell(String text) {
        return new CommandLine(List.of(text), true);
    }

    public static CommandLine exec(List<String> arguments) {
        return new CommandLine(arguments, false);
    }
}
