package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;

/**
 * The sandboxes the parameterised tests run on: every kind, each of which must be installed
 * (CI installs runc, bubblewrap and perl-base; a missing one fails with its package name).
 */
final class SandboxKinds {

    private SandboxKinds() {
    }

    /**
     * As host root only unshare: bwrap refuses root, and an OCI runtime as root cannot pass the
     * 0700 temporary directories the roots live in (SecurityIT and UnprivilegedSandboxIT run
     * both as an ordinary user).
     */
    static Stream<Sandbox> all() {
        if (HostProbe.system().hostRoot()) {
            return Stream.of(sandbox(SandboxKind.UNSHARE));
        }
        return Stream.of(SandboxKind.OCI, SandboxKind.BWRAP, SandboxKind.UNSHARE).map(SandboxKinds::sandbox);
    }

    /** The kinds that map subordinate ranges, so chown works inside. */
    static Stream<Sandbox> withIdRanges() {
        if (HostProbe.system().hostRoot()) {
            return Stream.of(sandbox(SandboxKind.UNSHARE));
        }
        return Stream.of(SandboxKind.OCI, SandboxKind.UNSHARE).map(SandboxKinds::sandbox);
    }


    static Sandbox sandbox(SandboxKind kind) {
        boolean present = switch (kind) {
            case OCI -> OciRuntimeSandbox.runtime(HostProbe.system()).isPresent();
            case BWRAP -> HostProbe.system().tool("bwrap").isPresent();
            case UNSHARE -> HostProbe.system().tool("perl").isPresent();
        };
        if (!present) {
            fail("the " + kind + " sandbox tests need " + kind.description() + ": apt-get install " + kind.debianPackage());
        }
        return SandboxChooser.forHost().create(kind);
    }
}
