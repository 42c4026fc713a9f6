package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.Instruction;
import java.util.Objects;

/**
 * {@code ONBUILD instruction}: a trigger stored in the image and run by builds that use it as
 * their base. {@code expression} is the trigger's text as the image config stores it (heredoc
 * bodies appended); {@code trigger} is the trigger as parsed, unchecked, since BuildKit checks it
 * only when it fires.
 */
public record OnbuildCommand(String expression, Instruction trigger, Origin origin) implements Command {

    public OnbuildCommand {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(origin, "origin");
    }
}
