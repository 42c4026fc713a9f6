package dev.jbuild.core.copy;

/** What a copy wrote: how many entries (files, directories, links …) and how many content bytes. */
public record CopyResult(long entries, long bytes) {

    public CopyResult {
        if (entries < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative counts " + entries + ", " + bytes);
        }
    }
}
