package dev.jbuild.core.context;

import dev.jbuild.core.fs.NoFollow;
import dev.jbuild.core.fs.PathClean;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.fs.RootPath.Policy;
import dev.jbuild.core.fs.RootPathException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * What the sources of one COPY or ADD select in a source tree, resolved as BuildKit resolves
 * them. A source is relative to the tree's root (a leading {@code /} changes nothing) and
 * cleaned; one that climbs out of the root with {@code ..} is refused (the classic builder's
 * rule; BuildKit silently drops the {@code ..}). A source with wildcards is matched with Go's
 * filepath.Match against paths below its last wildcard-free directory, a matched directory not
 * being searched further. A source whose last component is a symlink is followed (inside the
 * tree); links inside a copied directory are not. Paths hidden by {@code .dockerignore} do not
 * exist here.
 *
 * <p>A source without wildcards that names nothing fails with BuildKit's {@code "/x": not
 * found}. A wildcard may match nothing (BuildKit allows that, and {@code COPY package.json
 * yarn.lock* ./} relies on it); when all the sources together select nothing, the copy copies
 * nothing and, without {@code --parents}, makes no destination, as BuildKit's does.
 *
 * <p>With {@code COPY --parents}, as in BuildKit's frontend, a source is split at its first
 * {@code /./}: the part before (the tree's root when there is none) is selected as above, and
 * each directory it selects keeps only the paths the part after matches, with the directories
 * leading to them ({@link KeptPaths}); a pattern free of wildcards must name something.
 */
public final class ContextSelection {

    private final List<String> patterns;
    private final List<SelectedSource> sources;
    private final boolean keepsParents;

    private ContextSelection(List<String> patterns, List<SelectedSource> sources, boolean keepsParents) {
        this.patterns = List.copyOf(patterns);
        this.sources = List.copyOf(sources);
        this.keepsParents = keepsParents;
    }

    /**
     * Resolves the sources, in order, in the tree; {@code excludes} are {@code COPY --exclude}
     * patterns, matched against paths relative to each selected directory.
     */
    public static ContextSelection resolve(SourceTree tree, List<String> sources, List<String> excludes) {
        return resolve(tree, sources, excludes, false);
    }

    /** As {@link #resolve(SourceTree, List, List)}, keeping parent directories when {@code keepParents}. */
    public static ContextSelection resolve(SourceTree tree, List<String> sources, List<String> excludes,
            boolean keepParents) {
        Objects.requireNonNull(tree, "tree");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("COPY and ADD need at least one source");
        }
        IgnorePatterns excluded;
        try {
            excluded = IgnorePatterns.of(excludes);
        } catch (IllegalArgumentException e) {
            throw new BuildContextException(String.join(" ", excludes), "invalid --exclude pattern: " + e.getMessage(), e);
        }
        List<SelectedSource> selected = new ArrayList<>();
        for (String source : sources) {
            try {
                if (keepParents) {
                    selectKeepingParents(tree, source, excluded, selected);
                    continue;
                }
                String relative = relativeSource(source);
                if (GoGlob.hasWildcards(relative)) {
                    selectWildcard(tree, source, relative, excluded, selected);
                } else {
                    selected.add(selectLiteral(tree, source, relative, excluded));
                }
            } catch (IOException e) {
                throw new BuildContextException(source, "cannot read source \"" + source + "\" in " + tree.root() + ": "
                        + e.getMessage(), e);
            }
        }
        // Wildcards that all matched nothing copy nothing, as BuildKit's frontend allows empty
        // wildcards (a literal source that is missing has already failed above).
        return new ContextSelection(sources, selected, keepParents);
    }

    /** Whether the copy keeps each source's parent directories ({@code --parents}). */
    public boolean keepsParents() {
        return keepsParents;
    }

    /** The sources as written in the instruction. */
    public List<String> patterns() {
        return patterns;
    }

    /** What the sources selected, in the instruction's order, each wildcard's matches sorted by path. */
    public List<SelectedSource> sources() {
        return sources;
    }

    private static String relativeSource(String source) {
        String cleaned = PathClean.of(source);
        if (cleaned.startsWith("/")) {
            return cleaned.equals("/") ? "." : cleaned.substring(1);
        }
        if (PathClean.climbsOut(cleaned)) {
            throw new BuildContextException(source, "forbidden path outside the build context: " + source);
        }
        return cleaned;
    }

    private static void selectKeepingParents(SourceTree tree, String source, IgnorePatterns excluded,
            List<SelectedSource> selected) throws IOException {
        int pivot = source.indexOf("/./");
        String base = pivot < 0 ? "/" : source.substring(0, pivot);
        String pattern = PathClean.of("/" + (pivot < 0 ? source : source.substring(pivot + 3))).substring(1);
        String relativeBase = relativeSource(base);
        if (!GoGlob.hasWildcards(relativeBase) && !GoGlob.hasWildcards(pattern)) {
            // BuildKit requires a path free of wildcards to exist, as without --parents
            selectLiteral(tree, source, relativeSource(base + "/" + pattern), excluded);
        }
        List<SelectedSource> bases = new ArrayList<>();
        if (GoGlob.hasWildcards(relativeBase)) {
            selectWildcard(tree, source, relativeBase, excluded, bases);
        } else {
            bases.add(selectLiteral(tree, source, relativeBase, excluded));
        }
        for (SelectedSource chosen : bases) {
            if (chosen.type() != EntryType.DIRECTORY || pattern.isEmpty()) {
                selected.add(chosen);
                continue;
            }
            try {
                selected.add(chosen.keeping(KeptPaths.find(tree, chosen.path(), pattern, chosen.rules())));
            } catch (IllegalArgumentException e) {
                throw new BuildContextException(source, e.getMessage(), e);
            }
        }
    }

    private static SelectedSource selectLiteral(SourceTree tree, String source, String relative,
            IgnorePatterns excluded) throws IOException {
        RootPath paths = tree.paths();
        String matched;
        String followed;
        try {
            matched = paths.resolve(relative, Policy.CONTAINER_ENTRY).relative();
            followed = paths.resolve(relative, Policy.CONTAINER).relative();
        } catch (RootPathException e) {
            if (e.kind() != RootPathException.Cause.NOT_A_DIRECTORY) {
                throw e;
            }
            throw notFound(source, relative, false); // nothing is below a file: BuildKit's "not found"
        }
        SourceEntry entry = tree.entry(followed);
        if (entry == null || !tree.visible(matched) || !tree.visible(followed)) {
            throw notFound(source, relative, entry != null);
        }
        return selection(tree, source, matched, followed, entry, excluded);
    }

    private static void selectWildcard(SourceTree tree, String source, String relative, IgnorePatterns excluded,
            List<SelectedSource> selected) throws IOException {
        String[] components = relative.split("/");
        int first = 0;
        while (!GoGlob.hasWildcards(components[first])) {
            first++;
        }
        String base = tree.paths().resolve(String.join("/", List.of(components).subList(0, first)), Policy.CONTAINER)
                .relative();
        GoGlob glob;
        try {
            glob = GoGlob.compile(String.join("/", List.of(components).subList(first, components.length)));
        } catch (IllegalArgumentException e) {
            throw new BuildContextException(source, e.getMessage(), e);
        }
        SourceEntry baseEntry = tree.entry(base);
        if (baseEntry == null || baseEntry.type() != EntryType.DIRECTORY || !tree.visible(base)) {
            return;
        }
        List<String> matches = new ArrayList<>();
        collectMatches(tree, base, glob, matches);
        for (String matched : matches) {
            String followed = tree.paths().resolve(matched, Policy.CONTAINER).relative();
            SourceEntry entry = tree.entry(followed);
            if (entry == null || !tree.visible(followed)) {
                // A dangling link: BuildKit fails on it too, rather than skip it.
                throw notFound(source, matched, entry != null);
            }
            selected.add(selection(tree, source, matched, followed, entry, excluded));
        }
    }

    /** A path still to be matched, {@code relative} to the wildcard's base, {@code depth} components deep. */
    private record Candidate(String path, String relative, int depth) {
    }

    /**
     * Depth-first in name order, as Go's filepath.Walk visits; a matching directory is not entered.
     * A stack rather than recursion: the tree may be as deep as whoever wrote it liked.
     */
    private static void collectMatches(SourceTree tree, String base, GoGlob glob, List<String> matches)
            throws IOException {
        List<SourceTree.ScopedPatterns> rules = tree.rulesWith(null);
        Deque<Candidate> pending = new ArrayDeque<>();
        pushChildren(tree, rules, new Candidate(base, "", 0), pending);
        while (!pending.isEmpty()) {
            Candidate candidate = pending.pop();
            if (glob.matches(candidate.relative())) {
                matches.add(candidate.path());
                continue;
            }
            boolean deeperCanMatch = glob.maxComponents() < 0 || candidate.depth() < glob.maxComponents();
            var attributes = deeperCanMatch ? NoFollow.attributesOrNull(tree.host(candidate.path())) : null;
            if (attributes != null && attributes.isDirectory()) {
                pushChildren(tree, rules, candidate, pending);
            }
        }
    }

    /** Pushes a directory's visible children so that the first by name is popped first. */
    private static void pushChildren(SourceTree tree, List<SourceTree.ScopedPatterns> rules, Candidate directory,
            Deque<Candidate> pending) throws IOException {
        List<String> names = tree.visibleChildren(directory.path(), rules);
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            String relative = directory.relative().isEmpty() ? name : directory.relative() + "/" + name;
            pending.push(new Candidate(SourceTree.child(directory.path(), name), relative, directory.depth() + 1));
        }
    }

    private static SelectedSource selection(SourceTree tree, String source, String matched, String followed,
            SourceEntry entry, IgnorePatterns excluded) {
        return new SelectedSource(source, matched, followed, entry.type(), tree, excluded);
    }

    private static SourceNotFoundException notFound(String source, String relative, boolean hidden) {
        String shown = "\"/" + (relative.equals(".") ? "" : relative) + "\"";
        return new SourceNotFoundException(source, shown + ": not found" + (hidden ? " (excluded by .dockerignore)" : ""));
    }
}
