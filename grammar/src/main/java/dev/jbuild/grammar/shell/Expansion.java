package dev.jbuild.grammar.shell;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The result of expanding one word as a single string (BuildKit's {@code ProcessWord}).
 * {@code used} holds the variable names that were looked up and set, {@code missing} those that
 * were looked up and unset, each in the order of first lookup; lint rules and build-arg
 * bookkeeping read them.
 */
public record Expansion(String value, Set<String> used, Set<String> missing) {

    public Expansion {
        Objects.requireNonNull(value, "value");
        used = Collections.unmodifiableSet(new LinkedHashSet<>(used));
        missing = Collections.unmodifiableSet(new LinkedHashSet<>(missing));
    }
}
