package dev.jbuild.core.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The snapshotter's disk cache as housekeeping sees it: the materialised layer stacks, which a
 * build can always unpack again from the blob store, and the work sessions of dead processes.
 * Only for a caller that holds the data directory exclusively, so no build is using an entry.
 */
public final class SnapshotCache {

    private final Path workRoot;

    /** @param workRoot the snapshotter's work root, {@code <data>/snapshots} */
    public SnapshotCache(Path workRoot) {
        this.workRoot = workRoot.toAbsolutePath().normalize();
    }

    public List<CachedSnapshot> stored() {
        if (!Files.isDirectory(chainsDirectory())) {
            return List.of();
        }
        return new MaterializedChains(chainsDirectory()).stored();
    }

    /**
     * Removes one entry: renamed into {@code sessions/} under a name without a lock file first,
     * so that if this process dies half-way the next build's cleanup finishes the deletion.
     */
    public void remove(CachedSnapshot snapshot) {
        Path sessions = workRoot.resolve("sessions");
        try {
            Files.createDirectories(sessions);
        } catch (java.io.IOException e) {
            throw new SnapshotException("could not create " + sessions + ": " + e.getMessage(), e);
        }
        new MaterializedChains(chainsDirectory()).remove(snapshot, sessions.resolve("pruned-" + UUID.randomUUID()));
    }

    /** Deletes what killed processes left in their work sessions; returns how many sessions. */
    public int removeAbandonedWork() {
        return WorkSession.removeAbandoned(workRoot.resolve("sessions"));
    }

    private Path chainsDirectory() {
        return workRoot.resolve("chains").resolve("sha256");
    }
}
