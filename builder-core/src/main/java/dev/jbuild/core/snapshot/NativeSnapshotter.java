package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.AccessDenial;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The snapshotter that works on every Linux file system and needs no privileges: each
 * snapshot is a full private copy of its parent stack's materialised root, and changes are
 * found by comparing the two trees ({@link MutableSnapshot#diff}). Under the work root:
 * {@code chains/} holds the materialised stacks by ChainID, {@code sessions/} the private
 * scratch areas of running snapshotters. Everything is built in a session and renamed into
 * {@code chains/} when whole, so a killed process leaves only its session, which
 * {@link #cleanupAbandoned} removes.
 *
 * <p>Preparing a stack copies the longest materialised bottom part of it (or starts empty),
 * applies the layers above from the blob store, checking each diff_id, stores the result
 * by ChainID and then copies that for the snapshot: a stack is unpacked once, and a
 * snapshot costs one copy ({@link TreeCopy}), or only directories and hardlinks for a step
 * that replaces files instead of writing into them ({@link #prepareLinked}). Threads of one process preparing the same
 * stack wait for one another; processes race, and the loser throws its copy away.
 */
public final class NativeSnapshotter implements Snapshotter {

    private final Path workRoot;
    private final BlobStore blobs;
    private final LayerApplier applier;
    private final MaterializedChains chains;
    private final WorkSession session;
    private final ConcurrentMap<Digest, Object> materialising = new ConcurrentHashMap<>();

    public NativeSnapshotter(Path workRoot, BlobStore blobs) {
        this(workRoot, blobs, new LayerApplier());
    }

    /** With an applier of the caller's choosing, e.g. one that does not chown although running as root. */
    public NativeSnapshotter(Path workRoot, BlobStore blobs, LayerApplier applier) {
        this.workRoot = Objects.requireNonNull(workRoot, "work root").toAbsolutePath().normalize();
        this.blobs = Objects.requireNonNull(blobs, "blob store");
        this.applier = Objects.requireNonNull(applier, "layer applier");
        this.chains = new MaterializedChains(this.workRoot.resolve("chains").resolve("sha256"));
        this.session = WorkSession.open(sessions());
    }

    public Path workRoot() {
        return workRoot;
    }

    @Override
    public MutableSnapshot prepare(List<LayerBlob> parentLayers) {
        return prepare(parentLayers, false);
    }

    @Override
    public MutableSnapshot prepareLinked(List<LayerBlob> parentLayers) {
        return prepare(parentLayers, true);
    }

    private MutableSnapshot prepare(List<LayerBlob> parentLayers, boolean linked) {
        List<LayerBlob> layers = List.copyOf(parentLayers);
        LayerChain chain = new LayerChain(layers.stream().map(LayerBlob::diffId).toList());
        Path parentRoot = chain.isEmpty() ? null : materialise(chain, layers);
        Path directory = session.newDirectory("snapshot");
        try {
            Path root = MaterializedChains.rootOf(directory);
            if (parentRoot == null) {
                createEmptyRoot(root);
            } else if (linked) {
                linkOrCopy(parentRoot, root);
            } else {
                TreeCopy.copy(parentRoot, root);
            }
            return new NativeSnapshot(chain, parentRoot, directory, session.fileSystemNow(), session::fileSystemNow,
                    blobs, chains);
        } catch (RuntimeException e) {
            discard(directory, e);
            throw e;
        }
    }

    @Override
    public MutableSnapshot prepareReadable(List<LayerBlob> parentLayers) {
        List<LayerBlob> layers = List.copyOf(parentLayers);
        LayerChain chain = new LayerChain(layers.stream().map(LayerBlob::diffId).toList());
        Path parentRoot = chain.isEmpty() ? null : materialise(chain, layers);
        Path directory = session.newDirectory("reader");
        try {
            Path root = MaterializedChains.rootOf(directory);
            if (parentRoot == null) {
                createEmptyRoot(root);
            } else {
                readableCopy(parentRoot, root, layers, chain);
            }
            return new NativeSnapshot(chain, parentRoot, directory, session.fileSystemNow(), session::fileSystemNow,
                    blobs, chains);
        } catch (RuntimeException e) {
            discard(directory, e);
            throw e;
        }
    }

    // Links, else a copy, else (a tree this user may not read) the layers unpacked by this process.
    private void readableCopy(Path parentRoot, Path root, List<LayerBlob> layers, LayerChain chain) {
        try {
            TreeCopy.link(parentRoot, root);
            return;
        } catch (SnapshotException e) {
            clearAfter(root, e);
        }
        try {
            TreeCopy.copyAsHostUser(parentRoot, root);
            return;
        } catch (SnapshotException e) {
            if (!AccessDenial.isCause(e)) {
                throw e;
            }
            clearAfter(root, e);
        }
        createEmptyRoot(root);
        for (int i = 0; i < layers.size(); i++) {
            apply(layers.get(i), root, chain.prefix(i + 1));
        }
    }

    private static void clearAfter(Path root, SnapshotException failure) {
        try {
            TreeDeletion.delete(root);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
            throw failure;
        }
    }

    // The kernel refuses an unprivileged user links to files of other owners (fs.protected_hardlinks),
    // which a rootless build's RUN steps leave behind; such a stack is copied instead.
    private static void linkOrCopy(Path parentRoot, Path root) {
        try {
            TreeCopy.link(parentRoot, root);
        } catch (SnapshotException e) {
            try {
                TreeDeletion.delete(root);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
                throw e;
            }
            TreeCopy.copy(parentRoot, root);
        }
    }

    /** The materialised root of exactly {@code chain}, or null when it is not stored. */
    Path materialised(LayerChain chain) {
        return chain.isEmpty() ? null : chains.find(chain);
    }

    @Override
    public int cleanupAbandoned() {
        return WorkSession.removeAbandoned(sessions());
    }

    @Override
    public void close() {
        session.close();
    }

    /** The cached root of the whole chain, unpacking what is missing. */
    private Path materialise(LayerChain chain, List<LayerBlob> layers) {
        Path cached = chains.find(chain);
        if (cached != null) {
            return cached;
        }
        synchronized (materialising.computeIfAbsent(chain.chainId(), id -> new Object())) {
            cached = chains.find(chain);
            if (cached != null) {
                return cached;
            }
            int reused = chains.longestPrefix(chain);
            Path prepared = session.newDirectory("chain");
            try {
                Path root = MaterializedChains.rootOf(prepared);
                if (reused == 0) {
                    createEmptyRoot(root);
                } else {
                    TreeCopy.copy(chains.find(chain.prefix(reused)), root);
                }
                for (int i = reused; i < layers.size(); i++) {
                    apply(layers.get(i), root, chain.prefix(i + 1));
                }
                return chains.publish(prepared, chain);
            } catch (RuntimeException e) {
                discard(prepared, e);
                throw e;
            }
        }
    }

    /** Deletes a half-built directory after a failure, which stays the error to report. */
    private static void discard(Path directory, RuntimeException failure) {
        try {
            TreeDeletion.delete(directory);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void apply(LayerBlob layer, Path root, LayerChain upTo) {
        try (InputStream in = blobs.open(layer.digest())) {
            applier.apply(in, root, layer.diffId());
        } catch (IOException | LayerException e) {
            throw new SnapshotException("could not apply layer " + layer.digest() + " (diff_id " + layer.diffId()
                    + ") for layer chain " + upTo.chainId() + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /** A scratch root: mode 0755 as Docker gives {@code /}, whatever the umask. */
    private static void createEmptyRoot(Path root) {
        try {
            Files.createDirectory(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new SnapshotException("could not create an empty root at " + root + ": " + e.getMessage(), e);
        }
    }

    private Path sessions() {
        return workRoot.resolve("sessions");
    }
}
