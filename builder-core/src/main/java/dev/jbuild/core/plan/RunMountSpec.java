package dev.jbuild.core.plan;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code RUN --mount} as the solver needs it: every value expanded and, for {@code from=},
 * where it reads from. Empty strings mean "not given", as in BuildKit's mount options; an id,
 * mode, uid or gid left out takes the type's default where the mount is made.
 */
public record RunMountSpec(Type type, CopySource from, String source, String target, boolean readOnly,
        long sizeLimit, String id, boolean required, Optional<String> env, OptionalLong mode, OptionalLong uid,
        OptionalLong gid) {

    /** The id of an ssh mount without {@code id=}, as in BuildKit. */
    public static final String DEFAULT_SSH_ID = "default";

    /** What a mount shows: files of the context or a stage, a lasting cache, memory, a secret or an agent socket. */
    public enum Type {
        BIND, CACHE, TMPFS, SECRET, SSH;

        /** The {@code type=} value, such as {@code cache}. */
        public String flagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RunMountSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
        if (sizeLimit < 0) {
            throw new IllegalArgumentException("negative size limit " + sizeLimit + " for the mount at " + target);
        }
    }

    /** Which forwarded agent an ssh mount shows. */
    public String sshId() {
        return id.isEmpty() ? DEFAULT_SSH_ID : id;
    }

    /** Where an ssh mount's socket appears: its target, else BuildKit's {@code /run/buildkit/ssh_agent.N}, N counting the step's ssh mounts from 0. */
    public String sshTarget(int n) {
        return target.isEmpty() ? "/run/buildkit/ssh_agent." + n : target;
    }
}
