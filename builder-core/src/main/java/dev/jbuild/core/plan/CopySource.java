package dev.jbuild.core.plan;

/** Where COPY and ADD read from: the build context (or a named one), an earlier stage, or an image. */
public sealed interface CopySource {

    /** The main build context ({@code name} empty) or one given with {@code --build-context name=DIR}. */
    record Context(String name) implements CopySource {
        public static final Context MAIN = new Context("");
    }

    record Stage(int index) implements CopySource {
    }

    record Image(String reference) implements CopySource {
    }
}
