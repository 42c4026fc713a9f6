package dev.jbuild.core.exec;

import java.util.Locale;

/**
 * The network a RUN step sees ({@code --network}). {@code DEFAULT} shares the host's network
 * namespace, as rootless BuildKit under a plain {@code rootlesskit} does (under slirp4netns, as
 * Docker's rootless mode runs it, its steps cannot reach the host's loopback); {@code NONE} gives the step its own
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
