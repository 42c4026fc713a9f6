package dev.jbuild.core.solve;

import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerWriter;
import java.time.Instant;
import java.util.Objects;

/**
 * How to solve: whether the cache may answer, how layers are written, the creation time of
 * history entries and the image (SOURCE_DATE_EPOCH when set), the target platform, and how many
 * stages may run at once (1 runs everything serially, for debugging).
 */
public record SolveOptions(boolean noCache, LayerWriter.Options layers, Instant created, Platform platform,
        int parallelStages, NetworkMode network, boolean explainMisses, String buildIdentity) {

    public SolveOptions {
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(buildIdentity, "buildIdentity");
        if (parallelStages < 1) {
            throw new IllegalArgumentException("parallelStages must be at least 1, got " + parallelStages);
        }
    }
}
