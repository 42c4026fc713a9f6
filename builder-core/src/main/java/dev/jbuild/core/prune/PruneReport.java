package dev.jbuild.core.prune;

import java.util.List;

/**
 * What a prune removed: bytes freed and how many of each kind, and warnings (such as blobs kept
 * because an image's manifest could not be read).
 */
public record PruneReport(long reclaimedBytes, int records, int blobs, int snapshots, int cacheMounts,
        int keyHistory, List<String> warnings) {

    public PruneReport {
        warnings = List.copyOf(warnings);
    }

    public StorageSize reclaimed() {
        return new StorageSize(reclaimedBytes);
    }
}
