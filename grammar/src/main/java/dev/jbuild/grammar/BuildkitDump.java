package dev.jbuild.grammar;

import dev.jbuild.grammar.golang.GoQuote;
import java.util.stream.Collectors;

/**
 * Renders a parsed Dockerfile as BuildKit's parser dump ({@code Node.Dump}): one
 * {@code (keyword ["--flags"] "arg" ...)} line per instruction, arguments quoted as Go quotes
 * them. Used to compare our parser with BuildKit's line by line.
 */
public final class BuildkitDump {

    private BuildkitDump() {
    }

    /** The whole file, one line per instruction, ending in a newline. */
    public static String of(Dockerfile dockerfile) {
        StringBuilder out = new StringBuilder();
        for (Instruction instruction : dockerfile.instructions()) {
            out.append('(').append(of(instruction)).append(")\n");
        }
        return out.toString();
    }

    /** One instruction, without the surrounding parentheses. */
    public static String of(Instruction instruction) {
        StringBuilder out = new StringBuilder(instruction.name());
        if (!instruction.flags().isEmpty()) {
            out.append(instruction.flags().stream().map(GoQuote::quote)
                    .collect(Collectors.joining(" ", " [", "]")));
        }
        if (instruction.trigger() != null) {
            out.append(" (").append(of(instruction.trigger())).append(')');
        }
        for (String argument : instruction.arguments()) {
            out.append(' ').append(GoQuote.quote(argument));
        }
        return out.toString();
    }
}
