package dev.jbuild.grammar.instruction;

import java.util.Objects;

/** {@code MAINTAINER name}: the deprecated author field of the image (a label does this now). */
public record MaintainerCommand(String maintainer, Origin origin) implements Command {

    public MaintainerCommand {
        Objects.requireNonNull(maintainer, "maintainer");
        Objects.requireNonNull(origin, "origin");
    }
}
