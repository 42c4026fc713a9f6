package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;

/** {@code VOLUME path…}: mount points the image declares. */
public record VolumeCommand(List<String> volumes, Origin origin) implements Command {

    public VolumeCommand {
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(origin, "origin");
        if (volumes.isEmpty() || volumes.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("VOLUME needs non-empty paths, not " + volumes);
        }
    }
}
