package dev.jbuild.core.plan;

import dev.jbuild.core.image.ContainerConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stage ready to solve: its base, its instructions in order, the image config it ends with,
 * and the earlier stages it needs (its base and every {@code COPY --from}).
 */
public record PlannedStage(int index, Optional<String> name, StageBase base, List<PlannedInstruction> instructions,
        ContainerConfig config, String author, Set<Integer> dependencies) {

    public PlannedStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
        instructions = List.copyOf(instructions);
        Objects.requireNonNull(config, "config");
        dependencies = Set.copyOf(dependencies);
    }
}
