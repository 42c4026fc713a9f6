package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.OverlayStack;
import dev.jbuild.core.fs.DepthFirst;
import dev.jbuild.core.layer.LayerChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a step changed, read from an overlayfs upper directory over the stacked lower
 * directories of its parent, in exactly the terms {@link TreeDiff} uses for a native copy,
 * so that both snapshotters write byte-identical layers. Only the upper directory is walked:
 * a path absent from it is as the parent had it. A path in it is compared with what the lower
 * stack shows there by the same rules as TreeDiff (a file overlayfs copied up without
 * changing it is no change); a whiteout is a deletion of what the lower stack shows; an
 * opaque directory hides the lower names it does not list.
 *
 * <p>Deletions and opaque markers follow the native differ's shapes, not overlayfs's: a
 * directory whose listing shares no name with the parent's, when the parent's listed two or
 * more, becomes one opaque marker (whatever mix of whiteouts and opaque attributes overlayfs
 * left), and otherwise each vanished name is one deletion, even inside an opaque directory.
 *
 * <p>One difference is overlayfs's own, not this reader's: a step that writes to, or links
 * to, one path of a file the parent has under several hardlinked paths copies up that path
 * alone, so the other paths stay the old inode and the layer links only the copied one
 * (Docker's overlay2 does the same); on a native copy all paths share the change.
 */
final class OverlayDiff {

    private final OverlayStack lower;
    private final DiffRecord record;

    private OverlayDiff(OverlayStack lower, Set<String> mountStubs) {
        this.lower = lower;
        this.record = new DiffRecord(mountStubs);
    }

    static TreeDiff.Result compare(OverlayStack lower, Path upper, Set<String> mountStubs) {
        OverlayDiff diff = new OverlayDiff(lower, mountStubs);
        try {
            boolean lowerRoot = lower.locate("") != null;
            DepthFirst.run(next -> diff.compareDirectories("", upper, lowerRoot, false, next));
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException("could not read the changes in overlay upper directory " + upper + ": "
                    + e.getMessage(), e);
        }
        return diff.record.result();
    }

    /**
     * A directory of the upper tree; {@code lowerIsDirectory} says whether the lower stack has one here too.
     * What lies below is scheduled on {@code next}, in path order.
     */
    private void compareDirectories(String path, Path upperDir, boolean lowerIsDirectory, boolean changed,
            List<DepthFirst.Step> next) throws IOException {
        List<String> lowerNames = lowerIsDirectory ? lower.names(path) : List.of();
        Set<String> upperEntries = new TreeSet<>();
        Set<String> whiteouts = new HashSet<>();
        for (String name : TreeDiff.sortedNames(upperDir)) {
            if (OverlayStack.isWhiteout(upperDir.resolve(name))) {
                whiteouts.add(name);
            } else {
                upperEntries.add(name);
            }
        }
        TreeSet<String> merged = new TreeSet<>(upperEntries);
        if (!OverlayStack.isOpaque(upperDir)) {
            for (String name : lowerNames) {
                if (!whiteouts.contains(name)) {
                    merged.add(name);
                }
            }
        }
        if (!path.isEmpty() && lowerNames.size() >= 2 && Collections.disjoint(lowerNames, merged)) {
            record.changes.add(LayerChange.opaqueDirectory(path));
            for (String name : merged) {
                record.addTree(TreeDiff.child(path, name), upperDir.resolve(name), OverlayStack::isWhiteout, next);
            }
            return;
        }
        if (changed) {
            record.changes.add(LayerChange.modified(path));
        }
        List<String> after = new ArrayList<>(merged);
        int i = 0;
        int j = 0;
        while (i < lowerNames.size() || j < after.size()) {
            int order = i == lowerNames.size() ? 1 : j == after.size() ? -1 : lowerNames.get(i).compareTo(after.get(j));
            if (order < 0) {
                LayerChange deleted = LayerChange.deleted(TreeDiff.child(path, lowerNames.get(i++)));
                next.add(more -> record.changes.add(deleted));
            } else if (order > 0) {
                String name = after.get(j++);
                record.addTree(TreeDiff.child(path, name), upperDir.resolve(name), OverlayStack::isWhiteout, next);
            } else {
                String name = lowerNames.get(i++);
                j++;
                if (upperEntries.contains(name)) {
                    String child = TreeDiff.child(path, name);
                    Path upperPath = upperDir.resolve(name);
                    next.add(more -> compareEntries(child, lower.locate(child), upperPath, more));
                }
            }
        }
    }

    /** A path the lower stack shows at {@code lowerPath} and the upper directory has at {@code upperPath}. */
    private void compareEntries(String path, Path lowerPath, Path upperPath, List<DepthFirst.Step> next)
            throws IOException {
        FileState after = FileState.read(upperPath);
        record.noteLinks(path, after);
        FileState before = FileState.read(lowerPath);
        if (before.isDirectory() && after.isDirectory()) {
            compareDirectories(path, upperPath, true,
                    !TreeDiff.sameMetadata(before, after, lowerPath, upperPath), next);
            return;
        }
        if (after.isDirectory()) {
            record.changes.add(LayerChange.modified(path));
            for (String name : TreeDiff.sortedNames(upperPath)) {
                record.addTree(TreeDiff.child(path, name), upperPath.resolve(name), OverlayStack::isWhiteout, next);
            }
            return;
        }
        if (before.isDirectory() || !TreeDiff.sameMetadata(before, after, lowerPath, upperPath)
                || !TreeDiff.sameContent(before, after, lowerPath, upperPath)) {
            record.changes.add(LayerChange.modified(path));
        }
    }
}
