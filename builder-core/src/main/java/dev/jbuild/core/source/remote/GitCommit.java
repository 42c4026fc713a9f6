package dev.jbuild.core.source.remote;

import java.util.Objects;

/** A Git source and the commit its ref names on the remote now. */
public record GitCommit(RemoteSource.Git source, String commit) implements FetchedSource {

    public GitCommit {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(commit, "commit");
    }

    @Override
    public String keyPart() {
        return "git:" + source.remote() + "#" + commit + ":" + source.subdir();
    }
}
