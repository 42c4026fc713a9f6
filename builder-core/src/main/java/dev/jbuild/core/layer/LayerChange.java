package dev.jbuild.core.layer;

import java.util.Objects;

/**
 * One change a layer records, by path relative to the filesystem root: a file, directory,
 * link or special file added or modified (its current state is read from the source
 * directory), a deletion, or a directory replaced whole. Each changed path is listed on its
 * own; adding a directory does not imply its contents.
 */
public record LayerChange(Kind kind, String path) {

    public enum Kind {
        ADDED,
        MODIFIED,
        DELETED,
        /** The directory and whatever this layer lists under it replace all that the layers below had there. */
        OPAQUE_DIRECTORY
    }

    public LayerChange {
        Objects.requireNonNull(kind, "change kind");
        Objects.requireNonNull(path, "change path");
        LayerPath parsed = LayerPath.parse(path);
        if (parsed.isRoot()) {
            throw new IllegalArgumentException("a change must name a path below the root, got '" + path + "'");
        }
        path = parsed.toString();
    }

    public static LayerChange added(String path) {
        return new LayerChange(Kind.ADDED, path);
    }

    public static LayerChange modified(String path) {
        return new LayerChange(Kind.MODIFIED, path);
    }

    public static LayerChange deleted(String path) {
        return new LayerChange(Kind.DELETED, path);
    }

    public static LayerChange opaqueDirectory(String path) {
        return new LayerChange(Kind.OPAQUE_DIRECTORY, path);
    }
}
