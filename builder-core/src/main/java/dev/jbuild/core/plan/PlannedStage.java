package dev.jbuild.core.plan;

import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Platform;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stage ready to solve: its base, its instructions in order, the image config it ends with,
 * the earlier stages it needs (its base and every {@code COPY --from}), and the platform its
 * base image and RUN steps are for when that is not the build's target ({@code FROM
 * --platform=$BUILDPLATFORM}, or a base stage that has one), empty for the target's.
 */
public record PlannedStage(int index, Optional<String> name, StageBase base, List<PlannedInstruction> instructions,
        ContainerConfig config, String author, Set<Integer> dependencies, Optional<Platform> platform) {

    /** A stage built for the target platform. */
    public PlannedStage(int index, Optional<String> name, StageBase base, List<PlannedInstruction> instructions,
            ContainerConfig config, String author, Set<Integer> dependencies) {
        this(index, name, base, instructions, config, author, dependencies, Optional.empty());
    }

    public PlannedStage {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
        instructions = List.copyOf(instructions);
        Objects.requireNonNull(config, "config");
        dependencies = Set.copyOf(dependencies);
    }
}
