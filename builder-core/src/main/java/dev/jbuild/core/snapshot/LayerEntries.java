package dev.jbuild.core.snapshot;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.layer.LayerWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Widens a step's changes into what its layer lists, as Docker's (containerd's) layer
 * writer does. Every change brings its parent directories, with their current metadata, so
 * that an applier which does not create missing parents, or creates them with default
 * modes, still gets them right; whiteouts included. And when any path of a hardlinked file
 * changed, its other paths come too, so that the layer links them all to the new inode
 * instead of leaving the unchanged paths on the old one: adding {@code b} as a link to an
 * untouched {@code a} writes {@code a} as the file and {@code b} as a link to it.
 */
final class LayerEntries {

    private LayerEntries() {
    }

    /** Writes the layer of {@code diff}, read from {@code root}, into the blob store; both snapshotters commit so. */
    static LayerBlob store(TreeDiff.Result diff, Path root, LayerWriter.Options options, BlobStore blobs) {
        try (BlobWriter writer = blobs.newWriter()) {
            LayerBlob layer = new LayerWriter(options).writeChanges(root, of(diff), writer);
            writer.commit(layer.digest());
            return layer;
        }
    }

    static List<LayerChange> of(TreeDiff.Result diff) {
        Map<String, LayerChange> entries = new LinkedHashMap<>();
        for (LayerChange change : diff.changes()) {
            entries.put(change.path(), change);
        }
        Map<String, List<String>> groupOfPath = new HashMap<>();
        for (List<String> group : diff.hardlinkGroups()) {
            for (String path : group) {
                groupOfPath.put(path, group);
            }
        }
        for (LayerChange change : diff.changes()) {
            if (change.kind() == LayerChange.Kind.ADDED || change.kind() == LayerChange.Kind.MODIFIED) {
                for (String sibling : groupOfPath.getOrDefault(change.path(), List.of())) {
                    entries.putIfAbsent(sibling, LayerChange.modified(sibling));
                }
            }
        }
        for (String path : new ArrayList<>(entries.keySet())) {
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String parent = path.substring(0, slash);
                entries.putIfAbsent(parent, LayerChange.modified(parent));
            }
        }
        return new ArrayList<>(entries.values());
    }
}
