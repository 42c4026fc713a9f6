package dev.jbuild.core.plan;

import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.Platform;

/**
 * Gives the planner the config of a base image (its ENV, WORKDIR, USER, SHELL, ONBUILD…),
 * which later instructions build on. The solver resolves the same reference to the same image.
 */
@FunctionalInterface
public interface BaseImageConfigs {

    /** The config of the image for the build's target platform. */
    ImageConfig configOf(String reference);

    /**
     * The base images for another platform, for a stage whose {@code FROM --platform} names one;
     * configs that know only one platform refuse.
     */
    default BaseImageConfigs forPlatform(Platform platform) {
        throw new IllegalArgumentException("no base images for platform " + platform + " here");
    }
}
