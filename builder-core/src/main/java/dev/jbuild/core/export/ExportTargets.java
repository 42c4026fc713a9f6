package dev.jbuild.core.export;

import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * What outputs write to besides files: the standard output stream for {@code dest=-} (and
 * whether it is a terminal, where buildx refuses to write a tar), and the names a build gives
 * its image ({@code -t}), which outputs without {@code name=} use.
 */
public record ExportTargets(OutputStream stdout, boolean stdoutIsTerminal, List<String> names) {

    public ExportTargets {
        Objects.requireNonNull(stdout, "stdout");
        names = List.copyOf(names);
    }
}
