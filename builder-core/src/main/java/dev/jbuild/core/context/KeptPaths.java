package dev.jbuild.core.context;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code COPY --parents} keeps of a selected directory: the paths (relative to it) that
 * its pattern matched, everything below them, and the directories that lead to them. As in
 * BuildKit, a directory on the way is copied only when something below it matched, so
 * {@code a/*}{@code /c} creates no {@code a/b} that holds no {@code c}.
 */
public final class KeptPaths {

    private final Set<String> matched;
    private final Set<String> leading;

    private KeptPaths(Set<String> matched, Set<String> leading) {
        this.matched = Set.copyOf(matched);
        this.leading = Set.copyOf(leading);
    }

    /**
     * Matches {@code pattern} (patternmatcher syntax, {@code **} included) against the visible
     * paths below {@code directory}, a matched directory not being searched further.
     */
    static KeptPaths find(SourceTree tree, String directory, String pattern, List<SourceTree.ScopedPatterns> rules)
            throws IOException {
        IgnorePattern compiled = IgnorePattern.compile(pattern, false);
        Set<String> matched = new HashSet<>();
        Set<String> leading = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.push("");
        while (!pending.isEmpty()) {
            String relative = pending.pop();
            String path = relative.isEmpty() ? directory : SourceTree.child(directory, relative);
            for (String name : tree.visibleChildren(path, rules)) {
                String child = relative.isEmpty() ? name : relative + "/" + name;
                if (compiled.matches(child)) {
                    matched.add(child);
                    addLeading(child, leading);
                    continue;
                }
                SourceEntry entry = tree.entry(SourceTree.child(path, name));
                if (entry != null && entry.type() == EntryType.DIRECTORY && compiled.mayMatchBelow(child)) {
                    pending.push(child);
                }
            }
        }
        return new KeptPaths(matched, leading);
    }

    /** Whether a path relative to the selected directory is copied. */
    public boolean keeps(String relative) {
        if (leading.contains(relative) || matched.contains(relative)) {
            return true;
        }
        for (int slash = relative.lastIndexOf('/'); slash > 0; slash = relative.lastIndexOf('/', slash - 1)) {
            if (matched.contains(relative.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static void addLeading(String path, Set<String> leading) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            leading.add(path.substring(0, slash));
        }
    }
}
