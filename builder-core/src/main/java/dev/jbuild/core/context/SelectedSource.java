package dev.jbuild.core.context;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file or directory a COPY or ADD source selected: the source as written, the path it
 * matched in the tree ({@code matchedPath}, whose last component names the copy) and the path
 * that match leads to once a symlink there is followed ({@code path}, what gets copied). For a
 * directory, its contents are what is copied, minus what {@code .dockerignore} hides and what
 * {@code --exclude} patterns, relative to the directory, exclude, and, for {@code COPY --parents},
 * only what {@code kept} keeps.
 */
public record SelectedSource(
        String source,
        String matchedPath,
        String path,
        EntryType type,
        SourceTree tree,
        IgnorePatterns excludes,
        Optional<KeptPaths> kept) {

    public SelectedSource {
        Objects.requireNonNull(kept, "kept");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(matchedPath, "matchedPath");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(excludes, "excludes");
        if (type == EntryType.SYMLINK) {
            throw new IllegalArgumentException("a selected source is followed, never a symlink: " + path);
        }
    }

    public Path hostPath() {
        return tree.host(path);
    }

    /** The name a copied file takes in a destination directory: the last component as matched. */
    public String name() {
        int slash = matchedPath.lastIndexOf('/');
        return slash < 0 ? matchedPath : matchedPath.substring(slash + 1);
    }

    /** The visibility rules below this source: the tree's own and the {@code --exclude} patterns. */
    public List<SourceTree.ScopedPatterns> rules() {
        return tree.rulesWith(new SourceTree.ScopedPatterns(excludes, path));
    }

    public SelectedSource(String source, String matchedPath, String path, EntryType type, SourceTree tree,
            IgnorePatterns excludes) {
        this(source, matchedPath, path, type, tree, excludes, Optional.empty());
    }

    /** The same selection, copying only what {@code kept} keeps. */
    public SelectedSource keeping(KeptPaths kept) {
        return new SelectedSource(source, matchedPath, path, type, tree, excludes, Optional.of(kept));
    }

    /** The visible entries of a directory at or below this source (a tree path), sorted by name. */
    public List<String> children(String directory) throws IOException {
        List<String> names = tree.visibleChildren(directory, rules());
        if (kept.isEmpty()) {
            return names;
        }
        String below = relative(directory);
        return names.stream()
                .filter(name -> kept.get().keeps(below.equals(".") ? name : below + "/" + name))
                .toList();
    }

    /** A tree path at or below this source, relative to the source ({@code .} for the source itself). */
    public String relative(String treePath) {
        if (treePath.equals(path)) {
            return ".";
        }
        return path.equals(".") ? treePath : treePath.substring(path.length() + 1);
    }
}
