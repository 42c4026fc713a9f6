package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.OverlayStack;
import dev.jbuild.core.fs.SnapshotMount;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The snapshotter for kernels that mount overlayfs inside a user namespace (5.11 and later):
 * each layer is extracted once into a read-only directory of its own, with its whiteouts in
 * overlayfs's form, kept under {@code overlay/sha256/CHAINID/rootfs} of the work root (by
 * ChainID, not diff_id: a committed upper directory records deletions only relative to the
 * stack it was made on); a RUN step's snapshot is an empty upper directory that the sandbox
 * mounts over them ({@link #prepareMounted}), so a step costs no copy, and the upper
 * directory, once committed, becomes the new layer's directory as it is.
 *
 * <p>Steps the JVM performs itself (COPY, ADD, WORKDIR) and stage bind mounts need a root on
 * the host, which overlayfs could only give through a mount in the JVM's own namespace; they
 * get a native snapshot ({@link #prepare}) from a {@link NativeSnapshotter} sharing the work
 * root, and the next RUN step extracts the layer they made.
 */
public final class OverlaySnapshotter implements Snapshotter {

    private final Path workRoot;
    private final BlobStore blobs;
    private final LayerApplier applier;
    private final NativeSnapshotter directories;
    private final MaterializedChains layers;
    private final boolean ownersApplied;
    private final WorkSession session;
    private final ConcurrentMap<Digest, Object> extracting = new ConcurrentHashMap<>();
    private final ConcurrentMap<Path, Boolean> emptyLayers = new ConcurrentHashMap<>();

    public OverlaySnapshotter(Path workRoot, BlobStore blobs) {
        this(workRoot, blobs, LayerApplier.Options.forCurrentProcess());
    }

    /** With applier options of the caller's choosing, e.g. no chown although running as root. */
    public OverlaySnapshotter(Path workRoot, BlobStore blobs, LayerApplier.Options applierOptions) {
        this.workRoot = Objects.requireNonNull(workRoot, "work root").toAbsolutePath().normalize();
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.applier = new LayerApplier(applierOptions.withOverlayWhiteouts());
        this.ownersApplied = applierOptions.applyOwnership();
        this.directories = new NativeSnapshotter(this.workRoot, blobs, new LayerApplier(applierOptions));
        this.layers = new MaterializedChains(this.workRoot.resolve("overlay").resolve("sha256"));
        this.session = WorkSession.open(this.workRoot.resolve("sessions"));
    }

    /** A native snapshot, with a root on the host for the JVM to write. */
    @Override
    public MutableSnapshot prepare(List<LayerBlob> parentLayers) {
        return directories.prepare(parentLayers);
    }

    @Override
    public MutableSnapshot prepareLinked(List<LayerBlob> parentLayers) {
        return directories.prepareLinked(parentLayers);
    }

    @Override
    public MutableSnapshot prepareReadable(List<LayerBlob> parentLayers) {
        return directories.prepareReadable(parentLayers);
    }

    /** An overlay snapshot for a sandbox to mount; the layers it lacks are extracted first. */
    @Override
    public MutableSnapshot prepareMounted(List<LayerBlob> parentLayers) {
        List<LayerBlob> stack = List.copyOf(parentLayers);
        LayerChain chain = new LayerChain(stack.stream().map(LayerBlob::diffId).toList());
        // A whole stack the native side materialised (for a COPY, say) is a ready lower directory
        // for its layers: the highest such one saves extracting them. Only where files carry their
        // real owners: a rootless native copy keeps owners in an attribute overlayfs cannot read.
        int bottom = 0;
        Path bottomRoot = null;
        for (int i = stack.size(); ownersApplied && i > 0 && bottomRoot == null; i--) {
            bottomRoot = directories.materialised(chain.prefix(i));
            bottom = i;
        }
        // Bottom up: each layer is extracted over the ones below, as containerd applies it.
        List<Path> below = new ArrayList<>();
        if (bottomRoot != null) {
            below.add(bottomRoot);
        }
        for (int i = bottomRoot == null ? 0 : bottom; i < stack.size(); i++) {
            below.add(0, extract(chain.prefix(i + 1), stack.get(i), below));
        }
        List<Path> lowers = new ArrayList<>();
        for (Path lower : below) {
            if (!empty(lower)) {
                lowers.add(layers.directory().relativize(lower));
            }
        }
        Path directory = session.newDirectory("overlay");
        try {
            if (lowers.isEmpty()) {
                // FROM scratch: overlayfs wants a lower directory, an empty one will do.
                lowers.add(layers.directory().relativize(Files.createDirectories(layers.directory().resolve("empty"))));
            }
            Path upper = MaterializedChains.rootOf(directory);
            Files.createDirectory(upper);
            // The merged root takes the upper directory's metadata: 0755 as Docker gives /.
            Files.setPosixFilePermissions(upper, PosixFilePermissions.fromString("rwxr-xr-x"));
            SnapshotMount.Overlay mount = new SnapshotMount.Overlay(layers.directory(), lowers, upper,
                    Files.createDirectory(directory.resolve("work")), Files.createDirectory(directory.resolve("merged")));
            if (mount.options().length() > SnapshotMount.Overlay.MAX_LOWERDIR_OPTION) {
                throw new SnapshotException("the " + stack.size() + " layers of " + chain + " are too many for one"
                        + " overlayfs mount (its options would take " + mount.options().length()
                        + " bytes); use --snapshotter=native");
            }
            return new OverlaySnapshot(chain, mount, directory, blobs, layers);
        } catch (IOException | RuntimeException e) {
            try {
                TreeDeletion.delete(directory);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SnapshotException("could not prepare an overlay snapshot of " + chain + " in " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a layer's directory is empty and not opaque, so that leaving it out of the stack
     * changes nothing the step or the diff sees: the layer of a step that changed nothing, as
     * most RUN steps of a long Dockerfile's tail are. Each lower directory costs every lookup in
     * the merged tree, the kernel's and the JVM's, one more look; a published layer directory
     * never changes, so the answer is kept.
     */
    private boolean empty(Path layer) {
        Boolean known = emptyLayers.get(layer);
        if (known != null) {
            return known;
        }
        boolean empty;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layer)) {
            empty = !entries.iterator().hasNext() && !OverlayStack.isOpaque(layer);
        } catch (IOException e) {
            return false; // then the mount reports what is wrong with it
        }
        emptyLayers.put(layer, empty);
        return empty;
    }

    @Override
    public int cleanupAbandoned() {
        return directories.cleanupAbandoned();
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            directories.close();
        }
    }

    /**
     * The directory holding the top layer of {@code chain} alone, extracting it once over
     * {@code belowTopFirst}, the directories of the layers under it.
     */
    private Path extract(LayerChain chain, LayerBlob layer, List<Path> belowTopFirst) {
        Path cached = layers.find(chain);
        if (cached != null) {
            return cached;
        }
        synchronized (extracting.computeIfAbsent(chain.chainId(), id -> new Object())) {
            cached = layers.find(chain);
            if (cached != null) {
                return cached;
            }
            Path prepared = session.newDirectory("layer");
            Path root = MaterializedChains.rootOf(prepared);
            try (InputStream in = blobs.open(layer.digest())) {
                Files.createDirectory(root);
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
                if (applier.applyOver(in, root, List.copyOf(belowTopFirst), layer.diffId()).recordedOwners() > 0) {
                    RecordedOwners.realise(root);
                }
            } catch (IOException | LayerException | SnapshotException e) {
                SnapshotException failure = new SnapshotException("could not extract layer " + layer.digest()
                        + " (diff_id " + layer.diffId() + ") of layer chain " + chain.chainId() + " into " + root
                        + ": " + e.getMessage(), e);
                try {
                    TreeDeletion.delete(prepared);
                } catch (IOException suppressed) {
                    failure.addSuppressed(suppressed);
                }
                throw failure;
            }
            return layers.publish(prepared, chain);
        }
    }
}
