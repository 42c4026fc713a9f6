package dev.jbuild.grammar.instruction;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code FROM [--platform=P] image [AS name]}: starts a build stage. {@code image} and
 * {@code platform} are as written (they may use global ARGs); {@code stageName} is lower case, as
 * stage names are matched without regard to case.
 */
public record FromCommand(String image, Optional<String> stageName, Optional<String> platform, Origin origin)
        implements Command {

    public FromCommand {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(stageName, "stageName");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(origin, "origin");
        if (image.isEmpty()) {
            throw new IllegalArgumentException("FROM needs an image");
        }
    }
}
