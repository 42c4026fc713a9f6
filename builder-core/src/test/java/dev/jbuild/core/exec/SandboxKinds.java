package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;

/**
 * The sandboxes the parameterised tests run on: every kind, each of which must be installed
 * (CI installs runc, bubblewrap and util-linux; a missing one fails with its package name).
 */
final class SandboxKinds {

    private SandboxKinds() {
    }

    static Stream<Sandbox> all() {
        return Stream.of(SandboxKind.OCI, SandboxKind.BWRAP, SandboxKind.UNSHARE).map(SandboxKinds::sandbox);
    }

    /** The kinds that map subordinate ranges (or, as root, every id), so chown works inside. */
    static Stream<Sandbox> withIdRanges() {
        return Stream.of(SandboxKind.OCI, SandboxKind.UNSHARE).map(SandboxKinds::sandbox);
    }

    static Sandbox sandbox(SandboxKind kind) {
        boolean present = switch (kind) {
            case OCI -> OciRuntimeSandbox.runtime(HostProbe.system()).isPresent();
            case BWRAP -> HostProbe.system().tool("bwrap").isPresent();
            case UNSHARE -> HostProbe.system().tool("unshare").isPresent();
        };
        if (!present) {
            fail("the " + kind + " sandbox tests need " + kind.description() + ": apt-get install " + kind.debianPackage());
        }
        return SandboxChooser.forHost().create(kind);
    }
}
