package dev.jbuild.core.op;

import dev.jbuild.core.exec.ExtraHost;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.RunLimits;
import java.util.List;
import java.util.Objects;

/**
 * What every RUN step of a build gets unless it says otherwise: the build's {@code --network}
 * (for steps without {@code RUN --network}), its {@code --add-host} entries, and its
 * {@code --shm-size} and {@code --ulimit}; and the platform the steps run as when it is not the
 * host's ({@code linux/arm64} through an emulator), empty for the host's own.
 */
public record RunDefaults(NetworkMode network, List<ExtraHost> extraHosts, RunLimits limits, String foreignPlatform) {

    public static final RunDefaults NONE = new RunDefaults(NetworkMode.DEFAULT, List.of(), RunLimits.DEFAULT);

    public RunDefaults {
        Objects.requireNonNull(network, "network");
        extraHosts = List.copyOf(extraHosts);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(foreignPlatform, "foreignPlatform");
    }

    /** The host's own platform. */
    public RunDefaults(NetworkMode network, List<ExtraHost> extraHosts, RunLimits limits) {
        this(network, extraHosts, limits, "");
    }
}
