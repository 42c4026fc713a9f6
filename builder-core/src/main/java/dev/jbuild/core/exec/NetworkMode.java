package dev.jbuild.core.exec;

import java.util.Locale;

/**
 * The network a RUN step sees ({@code --network}). {@code DEFAULT} shares the host's network
 * namespace, as rootless BuildKit does without slirp; {@code NONE} gives the step its own
 * network namespace with only the loopback interface, up; {@code HOST} is the host network.
 */
public enum NetworkMode {
    DEFAULT, NONE, HOST;

    public static NetworkMode fromFlag(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown network mode '" + name + "': expected default, none or host", e);
        }
    }

    /** Whether the step gets a network namespace of its own. */
    public boolean isolated() {
        return this == NONE;
    }
}
