package dev.jbuild.grammar;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: its parser directives, the escape character they chose, its instructions
 * in source order, and the warnings the parser gave. {@code name} is how errors name the file.
 */
public record Dockerfile(
        String name,
        List<Directive> directives,
        char escape,
        List<Instruction> instructions,
        List<ParseWarning> warnings,
        List<String> lines) {

    public Dockerfile {
        directives = List.copyOf(directives);
        instructions = List.copyOf(instructions);
        warnings = List.copyOf(warnings);
        lines = List.copyOf(lines);
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape must be \\ or `, not " + escape);
        }
    }

    public Optional<Directive> directive(String name) {
        return directives.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The physical line with this 1-based number, without its newline; empty past the end. */
    public String line(int number) {
        return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
    }
}
