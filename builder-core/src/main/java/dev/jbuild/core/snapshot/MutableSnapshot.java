package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.SnapshotMount;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.layer.LayerWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A private writable root filesystem prepared on a stack of layers: a step runs in it, then
 * {@link #commit} turns what the step changed into a layer, or {@link #close} throws it
 * away. Not for concurrent use; after commit or close only {@link #parent()} answers.
 *
 * <p>{@code mountStubs} are the mount points a sandbox created for a step (such as
 * {@code /etc/hosts} or a {@code RUN --mount} target) as absolute or root-relative paths;
 * each that the parent did not have and that is still an empty file or a directory holding
 * only other such stubs is left out of the changes, as BuildKit removes them (its
 * {@code executor/stubs.go}). BuildKit does not do this for {@code /proc}, {@code /sys} or
 * {@code /dev}, which runc creates in an image lacking them and which thus land in its
 * layers (moby/buildkit#3455); pass those too only to be cleaner than BuildKit.
 */
public interface MutableSnapshot extends AutoCloseable {

    /** The layers this snapshot started from. */
    LayerChain parent();

    /** How a sandbox mounts this snapshot as a step's root. */
    SnapshotMount mount();

    /** The host directory holding the root filesystem, for snapshots mounted as a {@link SnapshotMount.Directory}. */
    Path root();

    /** What changed since the snapshot was prepared, in path order, parents before children. */
    default List<LayerChange> diff() {
        return diff(Set.of());
    }

    /** What changed since the snapshot was prepared, leaving out untouched mount stubs (see the type's comment). */
    List<LayerChange> diff(Set<String> mountStubs);

    /** Writes the changes as a layer into the blob store and ends the snapshot (see {@link #commit(LayerWriter.Options, Set)}). */
    default LayerBlob commit(LayerWriter.Options options) {
        return commit(options, Set.of());
    }

    /**
     * Writes the changes as a layer into the blob store, returns it, and ends the snapshot:
     * its root becomes the materialised stack of the parent plus this layer, which the next
     * {@code prepare} of that stack copies instead of unpacking. The layer also carries the
     * parent directories of every change and all paths of a hardlinked file any of whose
     * paths changed, as Docker's layers do.
     */
    LayerBlob commit(LayerWriter.Options options, Set<String> mountStubs);

    /** Deletes the snapshot's directory unless it was committed. */
    @Override
    void close();
}
