package dev.jbuild.core.error;

/**
 * The build stopped because the thread running it was interrupted (Ctrl-C, a shutdown): the
 * running steps were killed and their work removed; nothing is wrong with the Dockerfile.
 */
public final class BuildCanceledException extends BuildException {

    public BuildCanceledException(String instruction, Throwable cause) {
        super(null, instruction, "build canceled", "", cause);
    }
}
