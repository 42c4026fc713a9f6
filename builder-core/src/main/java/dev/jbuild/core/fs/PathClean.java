package dev.jbuild.core.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical clean-up of a slash-separated path exactly as Go's {@code path.Clean} does it, because
 * BuildKit and Docker clean {@code .dockerignore} patterns and COPY paths that way and the same
 * text must select the same files here: repeated slashes become one, {@code .} elements go,
 * {@code ..} removes the element before it (or stays at the front of a relative path, or vanishes
 * at the root of an absolute one), trailing slashes go, and nothing at all becomes {@code .}.
 */
public final class PathClean {

    private PathClean() {
    }

    public static String of(String path) {
        boolean rooted = path.startsWith("/");
        List<String> kept = new ArrayList<>();
        int leadingParents = 0;
        for (String element : path.split("/", -1)) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (kept.size() > leadingParents) {
                    kept.remove(kept.size() - 1);
                } else if (!rooted) {
                    kept.add("..");
                    leadingParents++;
                }
                continue;
            }
            kept.add(element);
        }
        String joined = String.join("/", kept);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** {@code path} made absolute (relative paths start at {@code /}) and cleaned: no empty, {@code .} or {@code ..} components. */
    public static String absolute(String path) {
        return of("/" + path);
    }

    /** Whether a cleaned relative path climbs above its starting directory. */
    public static boolean climbsOut(String cleaned) {
        return cleaned.equals("..") || cleaned.startsWith("../");
    }
}
