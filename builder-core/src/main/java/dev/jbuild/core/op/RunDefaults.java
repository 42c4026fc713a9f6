package dev.jbuild.core.op;

import dev.jbuild.core.exec.ExtraHost;
import dev.jbuild.core.exec.NetworkMode;
import java.util.List;
import java.util.Objects;

/**
 * What every RUN step of a build gets unless it says otherwise: the build's {@code --network}
 * (for steps without {@code RUN --network}) and its {@code --add-host} entries.
 */
public record RunDefaults(NetworkMode network, List<ExtraHost> extraHosts) {

    public static final RunDefaults NONE = new RunDefaults(NetworkMode.DEFAULT, List.of());

    public RunDefaults {
        Objects.requireNonNull(network, "network");
        extraHosts = List.copyOf(extraHosts);
    }
}
