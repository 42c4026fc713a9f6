package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.SnapshotMount;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A native mutable snapshot: a full private copy of the parent's materialised root in a
 * work directory of its own ({@code DIR/rootfs}). Committing moves that directory into the
 * cache as the new stack, which is why the root sits one level down: the directory moved
 * is always one this process created, with a mode that lets it be renamed, whatever mode
 * the image gives {@code /}.
 *
 * <p>The stored tree is the step's tree, not one unpacked from the new layer: they differ
 * only where a layer cannot follow (sub-second and {@code SOURCE_DATE_EPOCH}-clamped mtimes,
 * sockets, attributes images do not carry), and a later diff against it reports exactly
 * what that later step changed, which is what its layer must record.
 */
final class NativeSnapshot implements MutableSnapshot {

    private enum State { OPEN, COMMITTED, CLOSED }

    private final LayerChain parent;
    private final Path parentRoot;
    private final Path directory;
    private final Path root;
    private final long untouchedBefore;
    private final LongSupplier fileSystemClock;
    private final BlobStore blobs;
    private final MaterializedChains chains;
    private State state = State.OPEN;

    /**
     * {@code parentRoot} is the cached root copied into {@code directory} (null for
     * scratch); {@code untouchedBefore} is the time of {@code fileSystemClock} right after
     * that copy.
     */
    NativeSnapshot(LayerChain parent, Path parentRoot, Path directory, long untouchedBefore,
            LongSupplier fileSystemClock, BlobStore blobs, MaterializedChains chains) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.parentRoot = parentRoot;
        this.directory = Objects.requireNonNull(directory, "directory");
        this.root = MaterializedChains.rootOf(directory);
        this.untouchedBefore = untouchedBefore;
        this.fileSystemClock = Objects.requireNonNull(fileSystemClock, "file system clock");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.chains = Objects.requireNonNull(chains, "chains");
    }

    @Override
    public LayerChain parent() {
        return parent;
    }

    @Override
    public SnapshotMount mount() {
        return new SnapshotMount.Directory(root());
    }

    @Override
    public Path root() {
        checkOpen();
        return root;
    }

    @Override
    public List<LayerChange> diff(Set<String> mountStubs) {
        checkOpen();
        return TreeDiff.compare(parentRoot, root, untouchedSince(), mountStubs).changes();
    }

    @Override
    public LayerBlob commit(LayerWriter.Options options, Set<String> mountStubs) {
        Objects.requireNonNull(options, "layer options");
        checkOpen();
        LayerBlob layer = LayerCommit.commit(LayerCommit.Job.nativeCopy(parentRoot, root, untouchedSince(), mountStubs),
                options, blobs);
        chains.publish(directory, parent.append(layer.diffId()));
        state = State.COMMITTED;
        return layer;
    }

    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSED;
        try {
            TreeDeletion.delete(directory);
        } catch (IOException e) {
            throw new SnapshotException("could not delete snapshot " + directory + " of " + parent + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The ctime before which an inode is as the copy left it ({@link TreeDiff}); none if the
     * clock now reads earlier than at the copy, as after a step back of the wall clock, which
     * could have given later writes older ctimes.
     */
    private long untouchedSince() {
        return fileSystemClock.getAsLong() >= untouchedBefore ? untouchedBefore : Long.MIN_VALUE;
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("snapshot " + directory + " of " + parent + " is "
                    + state.name().toLowerCase(Locale.ROOT) + "; its root belongs to the cache now or is gone");
        }
    }
}
