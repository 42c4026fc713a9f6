package dev.jbuild.core.snapshot;

import java.util.Locale;

/**
 * The snapshotter a build asks for ({@code --snapshotter}, {@code JBUILD_SNAPSHOTTER}):
 * {@code OVERLAY} for RUN steps on overlayfs, failing when the host or the sandbox cannot
 * mount it; {@code NATIVE} for copies everywhere; {@code AUTO} for overlay where it works and
 * native elsewhere.
 */
public enum SnapshotterKind {
    AUTO, OVERLAY, NATIVE;

    public static SnapshotterKind fromFlag(String name) {
        if (name == null || name.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --snapshotter '" + name + "': expected auto, overlay or native", e);
        }
    }

    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
