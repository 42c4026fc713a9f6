package dev.jbuild.core.plan;

import dev.jbuild.grammar.Heredoc;
import dev.jbuild.grammar.instruction.NetworkMode;
import dev.jbuild.grammar.instruction.RunMount;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A step that changes a stage's files, with every variable already expanded: what the solver
 * runs (or finds in the cache) and turns into a layer.
 */
public sealed interface FilesystemStep {

    /** A {@code RUN --mount} with its values expanded and, for {@code from=}, where it reads from. */
    record MountPlan(RunMount mount, CopySource from) {
        /** The id of an ssh mount without {@code id=}, as in BuildKit. */
        public static final String DEFAULT_SSH_ID = "default";

        public MountPlan {
            Objects.requireNonNull(mount, "mount");
            Objects.requireNonNull(from, "from");
        }

        /** Which forwarded agent an ssh mount shows. */
        public String sshId() {
            return mount.id().isEmpty() ? DEFAULT_SSH_ID : mount.id();
        }

        /** Where an ssh mount's socket appears: its target, else BuildKit's {@code /run/buildkit/ssh_agent.N}, N counting the step's ssh mounts from 0. */
        public String sshTarget(int n) {
            return mount.target().isEmpty() ? "/run/buildkit/ssh_agent." + n : mount.target();
        }
    }

    /** RUN: the command line, its environment, where and as whom it runs, and its mounts. */
    record Run(List<String> argv, List<String> env, String workdir, String user, NetworkMode network,
            List<MountPlan> mounts) implements FilesystemStep {
        public Run {
            argv = List.copyOf(argv);
            env = List.copyOf(env);
            mounts = List.copyOf(mounts);
            Objects.requireNonNull(workdir, "workdir");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(network, "network");
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("RUN needs a command");
            }
        }
    }

    /**
     * COPY or ADD: sources relative to the source's root, an absolute destination (WORKDIR
     * already applied), and the owner and mode as written (names are resolved in the image).
     */
    record Copy(CopySource source, List<String> sources, List<Heredoc> heredocs, String destination,
            Optional<String> chown, Optional<String> chmod, boolean add, List<String> excludes, String workdir)
            implements FilesystemStep {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
            excludes = List.copyOf(excludes);
            if (!destination.startsWith("/")) {
                throw new IllegalArgumentException("copy destination must be absolute: " + destination);
            }
        }
    }

    /** WORKDIR: the directory is created when missing, owned by the current USER as BuildKit does. */
    record Mkdir(String path, String user) implements FilesystemStep {
        public Mkdir {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("WORKDIR path must be absolute: " + path);
            }
        }
    }
}
