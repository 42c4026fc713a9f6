package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.DepthFirst;
import dev.jbuild.core.layer.LayerChange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a diff of a root collects as it walks, the same for the native and the overlay reader:
 * the changes in path order, the paths of each multiply linked file it saw, and the mount stubs
 * it left out (see {@link MutableSnapshot}). One per comparison, not for concurrent use.
 */
final class DiffRecord {

    /** Which new entries a layer does not carry, e.g. overlayfs's whiteouts under a new directory. */
    @FunctionalInterface
    interface Hidden {
        boolean test(Path file) throws IOException;

        /** Every entry carried, as in a native copy. */
        Hidden NOTHING = file -> false;
    }

    final List<LayerChange> changes = new ArrayList<>();
    private final Set<String> mountStubs;
    private final Map<FileState.InodeKey, List<String>> links = new LinkedHashMap<>();
    private final List<String> ignoredStubs = new ArrayList<>();

    /** @param mountStubs the sandbox's mount points, as absolute or root-relative paths */
    DiffRecord(Set<String> mountStubs) {
        Set<String> stubs = new HashSet<>();
        for (String stub : mountStubs) {
            stubs.add(TreeDiff.relative(stub));
        }
        this.mountStubs = stubs;
    }

    /** Remembers a path of a regular file with more than one link: the layer writer links such paths. */
    void noteLinks(String path, FileState state) {
        if (state.kind() == FileState.Kind.FILE && state.linkCount() > 1) {
            links.computeIfAbsent(state.inode(), key -> new ArrayList<>(2)).add(path);
        }
    }

    /**
     * Schedules on {@code next} the listing of a new path and everything under it, except entries
     * {@code hidden} says a layer does not carry; an untouched mount stub is left out.
     */
    void addTree(String path, Path file, Hidden hidden, List<DepthFirst.Step> next) {
        next.add(more -> addEntry(path, file, hidden, more));
    }

    private void addEntry(String path, Path file, Hidden hidden, List<DepthFirst.Step> next) throws IOException {
        if (hidden.test(file)) {
            return;
        }
        FileState state = FileState.read(file);
        boolean stub = mountStubs.contains(path);
        if (!state.isDirectory()) {
            if (stub && state.kind() == FileState.Kind.FILE && state.size() == 0) {
                ignoredStubs.add(path);
                return;
            }
            noteLinks(path, state);
            changes.add(LayerChange.added(path));
            return;
        }
        int position = changes.size();
        changes.add(LayerChange.added(path));
        for (String name : TreeDiff.sortedNames(file)) {
            addTree(TreeDiff.child(path, name), file.resolve(name), hidden, next);
        }
        if (stub) {
            next.add(more -> {
                if (changes.size() == position + 1) {
                    changes.remove(position);
                    ignoredStubs.add(path);
                }
            });
        }
    }

    TreeDiff.Result result() {
        List<List<String>> groups = new ArrayList<>();
        for (List<String> paths : links.values()) {
            if (paths.size() > 1) {
                groups.add(paths);
            }
        }
        return new TreeDiff.Result(changes, groups, ignoredStubs);
    }
}
