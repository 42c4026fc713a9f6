package dev.jbuild.grammar.instruction;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ADD [--chown=…] [--chmod=…] [--link] [--exclude=…] [--checksum=…] [--keep-git-dir]
 * [--unpack] src… dest}: like COPY, and also fetches URLs and Git repositories and unpacks local
 * archives. {@code keepGitDir} and {@code unpack} are empty when the flag was not given, because
 * then the source decides.
 */
public record AddCommand(
        List<String> sources,
        List<HeredocSource> heredocSources,
        String destination,
        Optional<String> chown,
        Optional<String> chmod,
        boolean link,
        List<String> excludes,
        Optional<String> checksum,
        Optional<Boolean> keepGitDir,
        Optional<Boolean> unpack,
        Origin origin) implements Command {

    public AddCommand {
        sources = List.copyOf(sources);
        heredocSources = List.copyOf(heredocSources);
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(keepGitDir, "keepGitDir");
        Objects.requireNonNull(unpack, "unpack");
        Objects.requireNonNull(origin, "origin");
        if (sources.isEmpty() && heredocSources.isEmpty()) {
            throw new IllegalArgumentException("ADD needs at least one source");
        }
    }
}
