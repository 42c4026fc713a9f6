package dev.jbuild.core.snapshot;

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

    /** Lists a new path and everything under it; returns false if it was an untouched mount stub and left out. */
    boolean addTree(String path, Path file) throws IOException {
        return addTree(path, file, entry -> false);
    }

    /**
     * Lists a new path and everything under it, except entries {@code hidden} says a layer does not
     * carry; returns false if it was an untouched mount stub and left out.
     */
    boolean addTree(String path, Path file, Hidden hidden) throws IOException {
        if (hidden.test(file)) {
            return false;
        }
        FileState state = FileState.read(file);
        boolean stub = mountStubs.contains(path);
        if (!state.isDirectory()) {
            if (stub && state.kind() == FileState.Kind.FILE && state.size() == 0) {
                ignoredStubs.add(path);
                return false;
            }
            noteLinks(path, state);
            changes.add(LayerChange.added(path));
            return true;
        }
        int position = changes.size();
        changes.add(LayerChange.added(path));
        for (String name : TreeDiff.sortedNames(file)) {
            addTree(TreeDiff.child(path, name), file.resolve(name), hidden);
        }
        if (stub && changes.size() == position + 1) {
            changes.remove(position);
            ignoredStubs.add(path);
            return false;
        }
        return true;
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
