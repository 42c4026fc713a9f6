package dev.jbuild.core.solve;

import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerWriter;
import java.util.Objects;
import java.util.Set;

/**
 * How to solve: whether the cache may answer, how layers are written (with SOURCE_DATE_EPOCH,
 * which also dates history entries, when set), the target platform, and how many
 * stages may run at once (1 runs everything serially, for debugging). The steps of the stages in
 * {@code noCacheStages} (by index) always run, as with {@code --no-cache}, and are recorded. In a
 * multi-platform build ({@code platformInNames}) each step's name starts with its platform, as
 * BuildKit names them ({@code [linux/arm64 2/3] RUN …}).
 */
public record SolveOptions(boolean noCache, LayerWriter.Options layers, Platform platform,
        int parallelStages, NetworkMode network, boolean explainMisses, String buildIdentity,
        Set<Integer> noCacheStages, boolean platformInNames) {

    /** A build for one platform, whose step names carry none. */
    public SolveOptions(boolean noCache, LayerWriter.Options layers, Platform platform, int parallelStages,
            NetworkMode network, boolean explainMisses, String buildIdentity, Set<Integer> noCacheStages) {
        this(noCache, layers, platform, parallelStages, network, explainMisses, buildIdentity, noCacheStages, false);
    }

    public SolveOptions {
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(buildIdentity, "buildIdentity");
        noCacheStages = Set.copyOf(noCacheStages);
        if (parallelStages < 1) {
            throw new IllegalArgumentException("parallelStages must be at least 1, got " + parallelStages);
        }
    }
}
