package dev.jbuild.core.plan;

import dev.jbuild.core.image.ImageConfig;

/**
 * Gives the planner the config of a base image (its ENV, WORKDIR, USER, SHELL, ONBUILD…),
 * which later instructions build on. The solver resolves the same reference to the same image.
 */
@FunctionalInterface
public interface BaseImageConfigs {

    ImageConfig configOf(String reference);
}
