package dev.jbuild.core.snapshot;

import dev.jbuild.core.layer.LayerBlob;
import java.util.List;

/**
 * Prepares writable root filesystems for build steps from a stack of layers, and turns what
 * a step changed into the next layer ({@link MutableSnapshot}). Implementations keep the
 * stacks they materialise, keyed by ChainID, so the next step on the same parent starts
 * without unpacking anything. Native copies directories and finds changes by comparing
 * them; overlay stacks read-only lower directories under an upper directory that
 * collects the changes. Safe for concurrent use by several threads and several processes
 * sharing one work directory.
 */
public interface Snapshotter extends AutoCloseable {

    /**
     * A private writable root holding {@code parentLayers} (bottom first) applied in order;
     * the empty list gives an empty root, as {@code FROM scratch}. Layers are read from the
     * blob store only for a stack not materialised yet.
     */
    MutableSnapshot prepare(List<LayerBlob> parentLayers);

    /**
     * Like {@link #prepare}, for a step a sandbox runs: the snapshot may be one the sandbox
     * mounts itself ({@link MutableSnapshot#mount()}), with no root on the host. Snapshotters
     * without such a kind give {@link #prepare}'s.
     */
    default MutableSnapshot prepareMounted(List<LayerBlob> parentLayers) {
        return prepare(parentLayers);
    }

    /**
     * Like {@link #prepare}, for a writer that never writes into an existing file, only
     * replaces it (unlink, then create), as jbuild's own COPY, ADD and WORKDIR do, or for a
     * reader: the root's files may share their inodes with the cached stack, which makes
     * preparing a root a matter of creating directories and links. A RUN step writes in
     * place, so it must use {@link #prepare} or {@link #prepareMounted}.
     */
    default MutableSnapshot prepareLinked(List<LayerBlob> parentLayers) {
        return prepare(parentLayers);
    }

    /**
     * Like {@link #prepareLinked}, for a reader only (the source of {@code COPY --from}): every
     * directory and file of the root is one this process may read, which a stack a rootless RUN
     * step left need not be (a 0700 directory of container uid 1000); such a stack is unpacked
     * from its layers instead, as this process's files with the owners recorded in attributes.
     */
    default MutableSnapshot prepareReadable(List<LayerBlob> parentLayers) {
        return prepareLinked(parentLayers);
    }

    /**
     * Removes the temporary directories of processes that died without cleaning up (killed,
     * crashed, power loss) and returns how many such leftovers were removed; those of live
     * processes are left alone. Call it once on start.
     */
    int cleanupAbandoned();

    /** Discards this snapshotter's snapshots that were neither committed nor closed. */
    @Override
    void close();
}
