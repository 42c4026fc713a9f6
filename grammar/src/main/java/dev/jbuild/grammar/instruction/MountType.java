package dev.jbuild.grammar.instruction;

import java.util.Locale;
import java.util.Optional;

/** The {@code type=} of a {@code RUN --mount}. */
public enum MountType {
    /** Files of the context, a stage or an image, read-only unless {@code rw}. */
    BIND,
    /** A directory that persists between builds, keyed by {@code id} or target. */
    CACHE,
    /** An empty in-memory file system. */
    TMPFS,
    /** A secret file (or environment variable) the build was given. */
    SECRET,
    /** The build's SSH agent socket. */
    SSH;

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a value names, in any case. */
    public static Optional<MountType> of(String value) {
        for (MountType type : values()) {
            if (type.flagValue().equalsIgnoreCase(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
