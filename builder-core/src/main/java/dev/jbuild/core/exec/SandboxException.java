package dev.jbuild.core.exec;

/**
 * A sandbox could not run a step: a missing tool, a namespace the kernel refused, a mount that
 * failed, a user the root filesystem does not know. The message names the sandbox kind and
 * what failed; a command that ran and exited non-zero is never this, it is an {@link ExecResult}.
 */
public class SandboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SandboxKind kind;

    public SandboxException(SandboxKind kind, String message) {
        super(prefix(kind) + message);
        this.kind = kind;
    }

    public SandboxException(SandboxKind kind, String message, Throwable cause) {
        super(prefix(kind) + message, cause);
        this.kind = kind;
    }

    /** For messages that are complete as they are. */
    private SandboxException(String fullMessage, SandboxKind kind) {
        super(fullMessage);
        this.kind = kind;
    }

    /** "sandbox 'bwrap' needs bubblewrap: install it with 'apt-get install bubblewrap'". */
    public static SandboxException missingTool(SandboxKind kind, String what, String debianPackage) {
        return new SandboxException("sandbox '" + kind.flagName() + "' needs " + what
                + ": install it with 'apt-get install " + debianPackage + "'", kind);
    }

    /** An exception whose message is already complete (a probe's report), prefixed by nothing more. */
    static SandboxException reported(SandboxKind kind, String fullMessage) {
        return new SandboxException(fullMessage, kind);
    }

    /** The sandbox that failed; null when the failure came before one was chosen. */
    public SandboxKind kind() {
        return kind;
    }

    private static String prefix(SandboxKind kind) {
        return kind == null ? "sandbox: " : "sandbox '" + kind.flagName() + "': ";
    }
}
