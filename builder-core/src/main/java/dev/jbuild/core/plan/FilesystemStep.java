package dev.jbuild.core.plan;

import dev.jbuild.core.exec.NetworkMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A step that changes a stage's files, with every variable already expanded: what the solver
 * runs (or finds in the cache) and turns into a layer.
 */
public sealed interface FilesystemStep {

    /** The earlier stages (by index) whose filesystems the step reads: {@code COPY --from}, {@code RUN --mount from=}. */
    Set<Integer> stagesRead();

    /**
     * RUN: the command line, its environment, where and as whom it runs, its mounts, and the
     * proxy variables of the build args ({@code proxyEnv}, after {@code env}), which as in BuildKit
     * are no part of its cache key.
     */
    record Run(List<String> argv, List<String> env, String workdir, String user, NetworkMode network,
            List<RunMountSpec> mounts, List<String> proxyEnv) implements FilesystemStep {
        public Run {
            argv = List.copyOf(argv);
            env = List.copyOf(env);
            proxyEnv = List.copyOf(proxyEnv);
            mounts = List.copyOf(mounts);
            Objects.requireNonNull(workdir, "workdir");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(network, "network");
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("RUN needs a command");
            }
        }

        public Run(List<String> argv, List<String> env, String workdir, String user, NetworkMode network,
                List<RunMountSpec> mounts) {
            this(argv, env, workdir, user, network, mounts, List.of());
        }

        /** What the command sees: its environment, then the proxy variables. */
        public List<String> environment() {
            List<String> all = new java.util.ArrayList<>(env);
            all.addAll(proxyEnv);
            return all;
        }

        @Override
        public Set<Integer> stagesRead() {
            Set<Integer> read = new LinkedHashSet<>();
            for (RunMountSpec mount : mounts) {
                if (mount.from() instanceof CopySource.Stage s) {
                    read.add(s.index());
                }
            }
            return read;
        }
    }

    /**
     * COPY or ADD: sources relative to the source's root (for ADD, also URLs and Git
     * repositories), an absolute destination (WORKDIR already applied), the owner and mode as
     * written (names are resolved in the image), whether COPY keeps the sources' parent directories
     * ({@code --parents}), and ADD's {@code --checksum},
     * {@code --keep-git-dir} and {@code --unpack} (empty when not given: the source decides).
     */
    record Copy(CopySource source, List<String> sources, List<HeredocFile> heredocs, String destination,
            Optional<String> chown, Optional<String> chmod, boolean add, boolean parents, List<String> excludes,
            String workdir, Optional<String> checksum, Optional<Boolean> keepGitDir, Optional<Boolean> unpack)
            implements FilesystemStep {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
            excludes = List.copyOf(excludes);
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(keepGitDir, "keepGitDir");
            Objects.requireNonNull(unpack, "unpack");
            if (!destination.startsWith("/")) {
                throw new IllegalArgumentException("copy destination must be absolute: " + destination);
            }
        }

        @Override
        public Set<Integer> stagesRead() {
            return source instanceof CopySource.Stage s ? Set.of(s.index()) : Set.of();
        }
    }

    /** WORKDIR: the directory is created when missing, owned by the current USER as BuildKit does. */
    record Mkdir(String path, String user) implements FilesystemStep {
        public Mkdir {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("WORKDIR path must be absolute: " + path);
            }
        }

        @Override
        public Set<Integer> stagesRead() {
            return Set.of();
        }
    }
}
