package dev.jbuild.grammar.instruction;

import java.util.Locale;
import java.util.Optional;

/** {@code RUN --security=…}: whether a command runs confined or with full privileges. */
public enum SecurityMode {
    /** The default confinement. */
    SANDBOX,
    /** Full privileges; needs the builder's entitlement. */
    INSECURE;

    /** The flag value, such as {@code insecure}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a flag value names; exact lower-case spelling only, as in BuildKit. */
    public static Optional<SecurityMode> of(String flagValue) {
        for (SecurityMode mode : values()) {
            if (mode.flagValue().equals(flagValue)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
