package dev.jbuild.core.exec;

/**
 * Runs one command (a RUN step) inside a prepared root filesystem, isolated from the host,
 * and returns its exit status and the tail of its output. The JVM never enters a namespace:
 * every implementation starts a child process that builds the namespaces and then execs the
 * command. A non-zero exit is a result, not an error; a {@link SandboxException} means the
 * sandbox itself could not be set up. Interrupting the calling thread kills the whole process
 * tree of the step and throws {@link InterruptedException}.
 */
public interface Sandbox {

    SandboxKind kind();

    ExecResult run(ExecSpec spec) throws SandboxException, InterruptedException;

    /**
     * Whether this sandbox mounts an overlay root ({@link ExecSpec#overlay()}) in its own mount
     * namespace; the others take only a root directory.
     */
    default boolean mountsOverlay() {
        return false;
    }
}
