package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.OverlayStack;
import dev.jbuild.core.fs.SnapshotMount;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A mutable snapshot the sandbox mounts as overlayfs: the parent's layer directories
 * read-only below, an empty upper directory that receives every change, and overlayfs's work
 * directory, all in {@code DIR/} ({@code rootfs/} is the upper, so that committing can move
 * the directory into the layer cache as it is, like {@link NativeSnapshot}). The JVM never
 * sees the merged root mounted: it reads the upper directory over the lowers
 * ({@link OverlayStack}) and the upper directory is the diff ({@link OverlayDiff}).
 */
final class OverlaySnapshot implements MutableSnapshot {

    private enum State { OPEN, COMMITTED, CLOSED }

    private final LayerChain parent;
    private final SnapshotMount.Overlay mount;
    private final Path directory;
    private final BlobStore blobs;
    private final MaterializedChains layers;
    private State state = State.OPEN;

    OverlaySnapshot(LayerChain parent, SnapshotMount.Overlay mount, Path directory, BlobStore blobs,
            MaterializedChains layers) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.layers = Objects.requireNonNull(layers, "layers");
    }

    @Override
    public LayerChain parent() {
        return parent;
    }

    @Override
    public SnapshotMount mount() {
        checkOpen();
        return mount;
    }

    @Override
    public Path root() {
        throw new IllegalStateException("an overlay snapshot of " + parent + " is mounted only inside a sandbox;"
                + " it has no root directory on the host");
    }

    @Override
    public List<LayerChange> diff(Set<String> mountStubs) {
        checkOpen();
        return OverlayDiff.compare(lowerStack(), mount.upper(), mountStubs).changes();
    }

    @Override
    public LayerBlob commit(LayerWriter.Options options, Set<String> mountStubs) {
        Objects.requireNonNull(options, "layer options");
        checkOpen();
        try {
            CopiedUpParents.remove(lowerStack(), mount.upper(), mountStubs);
        } catch (IOException e) {
            throw new SnapshotException("could not remove the directories overlayfs copied up for mount stubs from "
                    + mount.upper() + ": " + e.getMessage(), e);
        }
        LayerBlob layer = LayerCommit.commit(LayerCommit.Job.overlayUpper(lowerStack(), mount.upper(), mountStubs),
                options, blobs);
        LayerChain chain = parent.append(layer.diffId());
        try {
            // Only the upper directory is the layer; overlayfs's work directory (its work/ has mode 000) goes.
            TreeDeletion.delete(mount.work());
            TreeDeletion.delete(mount.mountPoint());
        } catch (IOException e) {
            throw new SnapshotException("could not tidy overlay upper directory " + mount.upper()
                    + " before storing it as layer chain " + chain.chainId() + ": " + e.getMessage(), e);
        }
        layers.publish(directory, chain);
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
            throw new SnapshotException("could not delete overlay snapshot " + directory + " of " + parent + ": "
                    + e.getMessage(), e);
        }
    }

    private OverlayStack lowerStack() {
        return new OverlayStack(mount.lowerDirectories());
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("overlay snapshot " + directory + " of " + parent + " is "
                    + state.name().toLowerCase(Locale.ROOT) + "; its upper directory belongs to the cache now or is gone");
        }
    }
}
