package dev.jbuild.core.exec;

/**
 * An extra mount for a RUN step (what {@code RUN --mount} needs): a host directory or file
 * bound in, a secret file shown through a private copy, or an empty tmpfs. The target is an absolute path inside the root filesystem; it
 * is resolved inside that root (symlinks included) and created, as a mount stub, when missing.
 */
public sealed interface Mount permits Mount.Bind, Mount.Secret, Mount.Tmpfs {

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

    /**
     * A secret: a private copy of the host file {@code source}, outside the root, shown read-only
     * at {@code target} with {@code mode} and the container's {@code uid} and {@code gid} (as
     * BuildKit shows {@code RUN --mount=type=secret}); the source itself is never bound.
     */
    record Secret(java.nio.file.Path source, String target, int mode, long uid, long gid) implements Mount {
        public Secret {
            if (source == null || !source.isAbsolute()) {
                throw new IllegalArgumentException("secret source must be an absolute host path: " + source);
            }
            target = ExecSpec.requireContainerPath(target, "secret target");
            if (mode < 0 || mode > 07777) {
                throw new IllegalArgumentException("secret mode must be between 0 and 07777: " + Integer.toOctalString(mode));
            }
            if (uid < 0 || uid >= IdMapping.MAX_IDS || gid < 0 || gid >= IdMapping.MAX_IDS) {
                throw new IllegalArgumentException("secret owner " + uid + ":" + gid + " is not a valid uid:gid");
            }
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
