package dev.jbuild.core.exec;

/**
 * An extra mount for a RUN step (what {@code RUN --mount} needs): a host directory or file
 * bound in, or an empty tmpfs. The target is an absolute path inside the root filesystem; it
 * is resolved inside that root (symlinks included) and created, as a mount stub, when missing.
 */
public sealed interface Mount permits Mount.Bind, Mount.Tmpfs {

    /** Absolute path inside the root filesystem. */
    String target();

    /** A host directory or file bound at {@code target}, read-only unless {@code writable}. */
    record Bind(java.nio.file.Path source, String target, boolean writable) implements Mount {
        public Bind {
            if (source == null || !source.isAbsolute()) {
                throw new IllegalArgumentException("bind mount source must be an absolute host path: " + source);
            }
            target = ExecSpec.requireContainerPath(target, "bind mount target");
        }
    }

    /** An empty tmpfs at {@code target}; {@code sizeBytes} 0 means the kernel default (half of RAM). */
    record Tmpfs(String target, long sizeBytes) implements Mount {
        public Tmpfs {
            target = ExecSpec.requireContainerPath(target, "tmpfs target");
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("tmpfs size must not be negative: " + sizeBytes);
            }
        }
    }
}
