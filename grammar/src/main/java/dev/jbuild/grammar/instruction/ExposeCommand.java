package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;

/**
 * {@code EXPOSE port[/proto]…}: ports the image's containers listen on, as written and sorted as
 * BuildKit sorts them.
 */
public record ExposeCommand(List<String> ports, Origin origin) implements Command {

    public ExposeCommand {
        ports = List.copyOf(ports);
        Objects.requireNonNull(origin, "origin");
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("EXPOSE needs at least one port");
        }
    }
}
