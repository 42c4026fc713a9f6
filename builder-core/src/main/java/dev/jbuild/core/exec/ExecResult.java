package dev.jbuild.core.exec;

import java.util.List;
import java.util.Objects;

/**
 * How a RUN step ended: its exit code (128 + signal number when a signal killed it), the last
 * {@value #TAIL_BYTES} bytes of its stdout and stderr interleaved as they arrived, the user
 * namespace mapping it ran under (so a snapshotter can turn the owners it finds on the host back
 * into the owners the step wrote), and the mount stubs the sandbox created in the root
 * filesystem for mount points that did not exist.
 *
 * <p>Like BuildKit (executor/stubs.go), a sandbox removes each stub that is still empty when the
 * step ends and restores its parent directory's timestamps, so stubs never reach a snapshot;
 * {@link MountStub#removed()} is false only for a stub the step filled in, which the
 * snapshotter then sees as an ordinary change.
 */
public record ExecResult(int exitCode, String outputTail, IdMapping idMapping, List<MountStub> mountStubs) {

    public static final int TAIL_BYTES = 64 * 1024;

    public ExecResult {
        Objects.requireNonNull(outputTail, "outputTail");
        Objects.requireNonNull(idMapping, "idMapping");
        mountStubs = List.copyOf(mountStubs);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
