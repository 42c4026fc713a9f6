package dev.jbuild.core.solve;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.snapshot.LayerChain;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.fs.SnapshotMount;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.snapshot.TreeCopy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A snapshotter for scheduler tests: a snapshot is a copy of the whole tree its top layer left
 * (no layer tars), and a commit stores a listing of the tree as the layer blob, so equal trees
 * give equal layers and a cache record always points at a blob that exists.
 */
final class DirectorySnapshotter implements Snapshotter {

    private final Path work;
    private final BlobStore blobs;
    private final Map<String, Path> trees = new ConcurrentHashMap<>();

    DirectorySnapshotter(Path work, BlobStore blobs) {
        this.work = work;
        this.blobs = blobs;
    }

    /** The tree a committed layer left. */
    Path tree(LayerBlob layer) {
        return trees.get(layer.digest().toString());
    }

    @Override
    public MutableSnapshot prepare(List<LayerBlob> parentLayers) {
        try {
            Files.createDirectories(work);
            Path root = Files.createTempDirectory(work, "snapshot-").resolve("root");
            if (parentLayers.isEmpty()) {
                Files.createDirectory(root);
            } else {
                TreeCopy.copy(tree(parentLayers.get(parentLayers.size() - 1)), root);
            }
            return new Snapshot(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int cleanupAbandoned() {
        return 0;
    }

    @Override
    public void close() {
    }

    private final class Snapshot implements MutableSnapshot {
        private final Path root;

        Snapshot(Path root) {
            this.root = root;
        }

        @Override
        public LayerChain parent() {
            return LayerChain.EMPTY;
        }

        @Override
        public SnapshotMount mount() {
            return new SnapshotMount.Directory(root);
        }

        @Override
        public Path root() {
            return root;
        }

        @Override
        public List<LayerChange> diff(Set<String> mountStubs) {
            return List.of();
        }

        @Override
        public LayerBlob commit(LayerWriter.Options options, Set<String> mountStubs) {
            byte[] listing = listing().getBytes(StandardCharsets.UTF_8);
            StoredBlob blob = blobs.write(new ByteArrayInputStream(listing));
            LayerBlob layer = new LayerBlob(blob.digest(), blob.digest(), listing.length,
                    "application/vnd.oci.image.layer.v1.tar");
            trees.putIfAbsent(blob.digest().toString(), root);
            return layer;
        }

        private String listing() {
            StringBuilder out = new StringBuilder();
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
                    out.append(root.relativize(path)).append('\n');
                    if (Files.isRegularFile(path)) {
                        out.append(Files.readString(path)).append('\n');
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        @Override
        public void close() {
        }
    }
}
