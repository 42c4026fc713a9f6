package dev.jbuild.core.plan;

/** Where COPY and ADD read from: the build context, an earlier stage, or an image. */
public sealed interface CopySource {

    record Context() implements CopySource {
    }

    record Stage(int index) implements CopySource {
    }

    record Image(String reference) implements CopySource {
    }
}
