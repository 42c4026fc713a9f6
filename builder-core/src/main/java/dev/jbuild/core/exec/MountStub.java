package dev.jbuild.core.exec;

/**
 * A file or directory a sandbox created in the root filesystem only so that something could
 * be mounted on it (for example {@code /proc} in an image that has none, or {@code /etc} and
 * {@code /etc/hosts}); {@code path} is absolute inside the root. {@code removed} says whether
 * the sandbox took it away again after the step.
 */
public record MountStub(String path, boolean directory, boolean removed) {

    public MountStub {
        ExecSpec.requireContainerPath(path, "mount stub");
    }
}
