package dev.jbuild.core.source.remote;

/**
 * A remote ADD source pinned to what it is now: a download's digest, or a repository's commit.
 * Its key part goes into the step's cache key, so a changed remote misses and an unchanged one hits.
 */
public sealed interface FetchedSource permits Download, GitCommit {

    /** The source's identity for the cache key. */
    String keyPart();
}
