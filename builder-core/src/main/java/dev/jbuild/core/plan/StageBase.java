package dev.jbuild.core.plan;

/** What a stage starts from: nothing, an image by reference, or an earlier stage of this build. */
public sealed interface StageBase {

    /** {@code FROM scratch}. */
    record Scratch() implements StageBase {
    }

    /** {@code FROM reference}, after build-argument expansion. */
    record Image(String reference) implements StageBase {
    }

    /** {@code FROM name} where name is an earlier stage. */
    record Stage(int index) implements StageBase {
    }
}
