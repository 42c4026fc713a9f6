package dev.jbuild.grammar.instruction;

import java.util.Locale;
import java.util.Optional;

/** The {@code sharing=} of a cache mount: how concurrent builds use the same cache. */
public enum MountSharing {
    /** Many writers at once. */
    SHARED,
    /** Each concurrent user gets its own copy. */
    PRIVATE,
    /** One user at a time; others wait. */
    LOCKED;

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a value names, in any case. */
    public static Optional<MountSharing> of(String value) {
        for (MountSharing sharing : values()) {
            if (sharing.flagValue().equalsIgnoreCase(value)) {
                return Optional.of(sharing);
            }
        }
        return Optional.empty();
    }
}
