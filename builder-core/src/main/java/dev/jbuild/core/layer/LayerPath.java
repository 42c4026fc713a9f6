package dev.jbuild.core.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path inside an image filesystem, relative to its root, as a list of plain names (no
 * empty, {@code .} or {@code ..} components). Ordering is component by component, so a
 * directory sorts right before its contents and its subtree stays together, and the
 * opaque-directory marker sorts first among its siblings.
 */
record LayerPath(List<String> components) implements Comparable<LayerPath> {

    static final LayerPath ROOT = new LayerPath(List.of());

    LayerPath {
        components = List.copyOf(components);
        for (String component : components) {
            if (component.isEmpty() || component.equals(".") || component.equals("..") || component.contains("/")
                    || component.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid path component '" + component + "' in " + components);
            }
        }
    }

    /**
     * Parses a tar entry name or change path: {@code ./} prefixes, repeated and trailing
     * slashes and {@code .} are dropped; an absolute name or any {@code ..} is refused, since
     * either could reach outside the root.
     */
    static LayerPath parse(String name) {
        Objects.requireNonNull(name, "path");
        if (name.startsWith("/")) {
            throw new UnsafeLayerEntryException(name, "absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeLayerEntryException(name, "NUL byte in name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeLayerEntryException(name, "'..' component");
            }
            parts.add(part);
        }
        return new LayerPath(parts);
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String name() {
        return components.get(components.size() - 1);
    }

    LayerPath parent() {
        return new LayerPath(components.subList(0, components.size() - 1));
    }

    LayerPath child(String name) {
        List<String> longer = new ArrayList<>(components);
        longer.add(name);
        return new LayerPath(longer);
    }

    @Override
    public int compareTo(LayerPath other) {
        int common = Math.min(components.size(), other.components.size());
        for (int i = 0; i < common; i++) {
            String a = components.get(i);
            String b = other.components.get(i);
            if (a.equals(b)) {
                continue;
            }
            if (a.equals(Whiteout.OPAQUE_MARKER)) {
                return -1;
            }
            if (b.equals(Whiteout.OPAQUE_MARKER)) {
                return 1;
            }
            return a.compareTo(b);
        }
        return Integer.compare(components.size(), other.components.size());
    }

    @Override
    public String toString() {
        return String.join("/", components);
    }
}
