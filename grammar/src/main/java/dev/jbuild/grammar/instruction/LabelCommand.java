package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;

/** {@code LABEL key=value…}: metadata of the image. */
public record LabelCommand(List<KeyValue> labels, Origin origin) implements Command {

    public LabelCommand {
        labels = List.copyOf(labels);
        Objects.requireNonNull(origin, "origin");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("LABEL needs at least one label");
        }
    }
}
