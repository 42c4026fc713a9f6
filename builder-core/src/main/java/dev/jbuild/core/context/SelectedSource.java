package dev.jbuild.core.context;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One file or directory a COPY or ADD source selected: the source as written, the path it
 * matched in the tree ({@code matchedPath}, whose last component names the copy) and the path
 * that match leads to once a symlink there is followed ({@code path}, what gets copied). For a
 * directory, its contents are what is copied, minus what {@code .dockerignore} hides and what
 * {@code --exclude} patterns, relative to the directory, exclude.
 */
public record SelectedSource(
        String source,
        String matchedPath,
        String path,
        EntryType type,
        SourceTree tree,
        IgnorePatterns excludes) {

    public SelectedSource {
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

    /** The visible entries of a directory at or below this source (a tree path), sorted by name. */
    public List<String> children(String directory) throws IOException {
        return tree.visibleChildren(directory, rules());
    }

    /** A tree path at or below this source, relative to the source ({@code .} for the source itself). */
    public String relative(String treePath) {
        if (treePath.equals(path)) {
            return ".";
        }
        return path.equals(".") ? treePath : treePath.substring(path.length() + 1);
    }
}
