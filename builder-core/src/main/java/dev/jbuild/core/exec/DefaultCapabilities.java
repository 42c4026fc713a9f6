package dev.jbuild.core.exec;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The capabilities a RUN step keeps: Docker's and BuildKit's default set. Notably absent is
 * CAP_SYS_ADMIN, which is what keeps a step from unmounting or moving the mounts that confine
 * it, or joining another mount namespace.
 */
final class DefaultCapabilities {

    static final List<String> NAMES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private DefaultCapabilities() {
    }

    /** The set in setpriv's {@code --bounding-set} syntax: drop all, add back each default. */
    static String setprivBoundingSet() {
        return "-all," + NAMES.stream()
                .map(name -> "+" + name.substring(4).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }
}
