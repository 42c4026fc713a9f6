package dev.jbuild.core.exec;

import java.nio.file.Path;

/**
 * A secret a step gets as an environment variable ({@code RUN --mount=type=secret,env=NAME}):
 * the content of the host file {@code source}. The value reaches the step's environment only,
 * never a command line, the spec's {@link ExecSpec#env()} or anything a cache key is made of.
 */
public record SecretVariable(String name, Path source) {

    public SecretVariable {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("secret env name must be a variable name (letters, digits, _): " + name);
        }
        if (source == null || !source.isAbsolute()) {
            throw new IllegalArgumentException("secret source must be an absolute host path: " + source);
        }
    }
}
