package dev.jbuild.core.exec;

import java.util.List;

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

    // linux/capability.h numbers the capabilities in this order, CAP_CHOWN 0 to CAP_SETFCAP 31
    private static final List<String> KERNEL_ORDER = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
            "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP");

    private DefaultCapabilities() {
    }

    /** The set's capability numbers, for prctl(PR_CAPBSET_DROP) of every other one. */
    static List<Integer> numbers() {
        return NAMES.stream().map(KERNEL_ORDER::indexOf).toList();
    }
}
