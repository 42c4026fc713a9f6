package dev.jbuild.grammar.instruction;

import java.util.Objects;
import java.util.Optional;

/** One build argument of ARG: its name and, when given, its default value as written. */
public record ArgDefinition(String name, Optional<String> defaultValue) {

    public ArgDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a build argument needs a name");
        }
    }
}
