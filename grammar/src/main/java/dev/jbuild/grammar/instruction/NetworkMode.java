package dev.jbuild.grammar.instruction;

import java.util.Locale;
import java.util.Optional;

/** {@code RUN --network=…}: the network a command sees. */
public enum NetworkMode {
    /** The builder's default: jbuild's is the host network, as {@code HOST}. */
    DEFAULT,
    /** No network but loopback. */
    NONE,
    /** The host's network namespace. */
    HOST;

    /** The flag value, such as {@code none}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a flag value names; exact lower-case spelling only, as in BuildKit. */
    public static Optional<NetworkMode> of(String flagValue) {
        for (NetworkMode mode : values()) {
            if (mode.flagValue().equals(flagValue)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
