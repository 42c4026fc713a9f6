package dev.jbuild.core.plan;

import dev.jbuild.grammar.instruction.Origin;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction of a stage after planning: the history text it leaves in the image
 * ({@code created_by}; none for {@code ONBUILD}, as in BuildKit), and the filesystem step it
 * runs, if it changes files.
 */
public record PlannedInstruction(Optional<String> createdBy, Optional<FilesystemStep> step, Origin origin) {

    public PlannedInstruction {
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(origin, "origin");
    }

    /** How progress shows the instruction: its text as the parser joined it. */
    public String display() {
        return origin.text();
    }
}
