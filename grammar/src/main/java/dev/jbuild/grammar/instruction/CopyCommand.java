package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code COPY [--from=…] [--chown=…] [--chmod=…] [--link] [--parents] [--exclude=…] src… dest}:
 * copies files from the build context, another stage or an image. Sources from heredocs are in
 * {@code heredocSources}; the other sources, in order, in {@code sources}.
 */
public record CopyCommand(
        List<String> sources,
        List<HeredocSource> heredocSources,
        String destination,
        Optional<String> from,
        Optional<String> chown,
        Optional<String> chmod,
        boolean link,
        boolean parents,
        List<String> excludes,
        Origin origin) implements Command {

    public CopyCommand {
        sources = List.copyOf(sources);
        heredocSources = List.copyOf(heredocSources);
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(origin, "origin");
        if (sources.isEmpty() && heredocSources.isEmpty()) {
            throw new IllegalArgumentException("COPY needs at least one source");
        }
    }
}
