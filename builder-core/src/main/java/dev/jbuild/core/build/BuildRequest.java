package dev.jbuild.core.build;

import dev.jbuild.core.exec.ExtraHost;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.RunLimits;
import dev.jbuild.core.exec.SandboxKind;
import dev.jbuild.core.exec.Ulimit;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.remotecache.RemoteCacheOptions;
import dev.jbuild.core.snapshot.SnapshotterKind;
import dev.jbuild.grammar.Dockerfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One build, as {@code jbuild build} and the Maven plugin describe it, made with {@link #builder}:
 * the parsed Dockerfile and its file (beside which a {@code Dockerfile.dockerignore} may sit), the
 * context directory, build arguments, target, names for the local store, the cache and sandbox
 * choices, secrets and SSH agents for RUN mounts, labels, named contexts, shared caches and
 * the exporters that send the image elsewhere, the platforms to build for. Every default is
 * {@code docker build}'s.
 */
public final class BuildRequest {

    private final Dockerfile dockerfile;
    private final Optional<Path> dockerfilePath;
    private final Optional<Path> context;
    private final Map<String, String> buildArgs;
    private final Optional<String> target;
    private final List<String> tags;
    private final boolean noCache;
    private final boolean pull;
    private final Optional<SandboxKind> sandbox;
    private final SnapshotterKind snapshotter;
    private final NetworkMode network;
    private final Optional<Instant> sourceDateEpoch;
    private final int parallelStages;
    private final Map<String, Path> secrets;
    private final Map<String, List<Path>> ssh;
    private final Map<String, String> labels;
    private final Map<String, String> namedContexts;
    private final boolean explainCache;
    private final List<String> noCacheFilter;
    private final RemoteCacheOptions remoteCache;
    private final List<Exporter> exporters;
    private final List<ExtraHost> extraHosts;
    private final RunLimits runLimits;
    private final List<Platform> platforms;

    private BuildRequest(Builder b) {
        dockerfile = b.dockerfile;
        dockerfilePath = b.dockerfilePath;
        context = b.context;
        buildArgs = Map.copyOf(b.buildArgs);
        target = b.target;
        tags = List.copyOf(b.tags);
        noCache = b.noCache;
        pull = b.pull;
        sandbox = b.sandbox;
        snapshotter = b.snapshotter;
        network = b.network;
        sourceDateEpoch = b.sourceDateEpoch;
        parallelStages = b.parallelStages;
        secrets = Map.copyOf(b.secrets);
        ssh = Map.copyOf(b.ssh);
        labels = Map.copyOf(b.labels);
        namedContexts = Map.copyOf(b.namedContexts);
        explainCache = b.explainCache;
        noCacheFilter = List.copyOf(b.noCacheFilter);
        remoteCache = b.remoteCache;
        exporters = List.copyOf(b.exporters);
        extraHosts = List.copyOf(b.extraHosts);
        runLimits = b.runLimits.withUlimits(RunLimits.lastOfEachType(b.ulimits));
        platforms = List.copyOf(b.platforms);
    }

    /** A request for {@code dockerfile}, with docker build's defaults until set otherwise. */
    public static Builder builder(Dockerfile dockerfile) {
        return new Builder(dockerfile);
    }

    public Dockerfile dockerfile() {
        return dockerfile;
    }

    /** The Dockerfile's path; empty when it came from standard input. */
    public Optional<Path> dockerfilePath() {
        return dockerfilePath;
    }

    /** The context directory; empty for a build whose Dockerfile copies nothing from one. */
    public Optional<Path> context() {
        return context;
    }

    public Map<String, String> buildArgs() {
        return buildArgs;
    }

    public Optional<String> target() {
        return target;
    }

    /** Names the image gets in the local store ({@code -t}). */
    public List<String> tags() {
        return tags;
    }

    public boolean noCache() {
        return noCache;
    }

    public boolean pull() {
        return pull;
    }

    /** The sandbox asked for; empty picks the best this host offers. */
    public Optional<SandboxKind> sandbox() {
        return sandbox;
    }

    public SnapshotterKind snapshotter() {
        return snapshotter;
    }

    public NetworkMode network() {
        return network;
    }

    /** With a time, every timestamp the build writes is that time, so the image digest is reproducible. */
    public Optional<Instant> sourceDateEpoch() {
        return sourceDateEpoch;
    }

    public int parallelStages() {
        return parallelStages;
    }

    /** Files mounted by {@code RUN --mount=type=secret}, by id; never stored. */
    public Map<String, Path> secrets() {
        return secrets;
    }

    /** Agent sockets or key files for {@code RUN --mount=type=ssh}, by id. */
    public Map<String, List<Path>> ssh() {
        return ssh;
    }

    /** Labels set on the image over the Dockerfile's. */
    public Map<String, String> labels() {
        return labels;
    }

    /** {@code --build-context}s: a directory, {@code docker-image://REF} or {@code oci-layout://PATH[:TAG][@DIGEST]}. */
    public Map<String, String> namedContexts() {
        return namedContexts;
    }

    public boolean explainCache() {
        return explainCache;
    }

    /** Stages (by name or index) whose steps run without the cache. */
    public List<String> noCacheFilter() {
        return noCacheFilter;
    }

    public RemoteCacheOptions remoteCache() {
        return remoteCache;
    }

    /** Where the image goes besides the local store, in the order given. */
    public List<Exporter> exporters() {
        return exporters;
    }

    /** Names every RUN step's {@code /etc/hosts} adds ({@code --add-host}). */
    public List<ExtraHost> extraHosts() {
        return extraHosts;
    }

    /** Every RUN step's /dev/shm size and resource limits ({@code --shm-size}, {@code --ulimit}). */
    public RunLimits runLimits() {
        return runLimits;
    }

    /**
     * The platforms to build for ({@code --platform}), each once, in the order given; empty for
     * this machine's. More than one makes an image index.
     */
    public List<Platform> platforms() {
        return platforms;
    }

    /** Collects a request's options; {@link #build()} checks them together. */
    public static final class Builder {
        private final Dockerfile dockerfile;
        private Optional<Path> dockerfilePath = Optional.empty();
        private Optional<Path> context = Optional.empty();
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private Optional<String> target = Optional.empty();
        private final List<String> tags = new ArrayList<>();
        private boolean noCache;
        private boolean pull;
        private Optional<SandboxKind> sandbox = Optional.empty();
        private SnapshotterKind snapshotter = SnapshotterKind.AUTO;
        private NetworkMode network = NetworkMode.DEFAULT;
        private Optional<Instant> sourceDateEpoch = Optional.empty();
        private int parallelStages = defaultParallelStages();
        private final Map<String, Path> secrets = new LinkedHashMap<>();
        private final Map<String, List<Path>> ssh = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> namedContexts = new LinkedHashMap<>();
        private boolean explainCache;
        private final List<String> noCacheFilter = new ArrayList<>();
        private RemoteCacheOptions remoteCache = RemoteCacheOptions.NONE;
        private final List<Exporter> exporters = new ArrayList<>();
        private final List<ExtraHost> extraHosts = new ArrayList<>();
        private RunLimits runLimits = RunLimits.DEFAULT;
        private final List<Ulimit> ulimits = new ArrayList<>();
        private final List<Platform> platforms = new ArrayList<>();

        private Builder(Dockerfile dockerfile) {
            this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
        }

        // Stages mostly wait on their RUN commands, so more run at once than there are cores.
        private static int defaultParallelStages() {
            return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        }

        public Builder dockerfilePath(Path path) {
            this.dockerfilePath = Optional.of(path);
            return this;
        }

        public Builder context(Path directory) {
            this.context = Optional.of(directory);
            return this;
        }

        public Builder buildArg(String name, String value) {
            buildArgs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder buildArgs(Map<String, String> arguments) {
            arguments.forEach(this::buildArg);
            return this;
        }

        public Builder target(String stage) {
            this.target = Optional.ofNullable(stage);
            return this;
        }

        public Builder tag(String name) {
            tags.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        public Builder tags(List<String> names) {
            names.forEach(this::tag);
            return this;
        }

        public Builder noCache(boolean value) {
            this.noCache = value;
            return this;
        }

        public Builder pull(boolean value) {
            this.pull = value;
            return this;
        }

        /** The sandbox for RUN steps; {@code null} or never called picks the best this host offers. */
        public Builder sandbox(SandboxKind kind) {
            this.sandbox = Optional.ofNullable(kind);
            return this;
        }

        public Builder snapshotter(SnapshotterKind kind) {
            this.snapshotter = Objects.requireNonNull(kind, "snapshotter");
            return this;
        }

        public Builder network(NetworkMode mode) {
            this.network = Objects.requireNonNull(mode, "network");
            return this;
        }

        public Builder sourceDateEpoch(Instant time) {
            this.sourceDateEpoch = Optional.ofNullable(time);
            return this;
        }

        /** How many stages may run at once; 1 runs them one at a time. */
        public Builder parallelStages(int stages) {
            if (stages < 1) {
                throw new IllegalArgumentException("parallel stages must be at least 1, not " + stages);
            }
            this.parallelStages = stages;
            return this;
        }

        public Builder secret(String id, Path file) {
            secrets.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(file, "file"));
            return this;
        }

        public Builder ssh(String id, List<Path> paths) {
            ssh.put(Objects.requireNonNull(id, "id"), List.copyOf(paths));
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder labels(Map<String, String> values) {
            values.forEach(this::label);
            return this;
        }

        public Builder namedContext(String name, String value) {
            namedContexts.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder explainCache(boolean value) {
            this.explainCache = value;
            return this;
        }

        public Builder noCacheFilter(List<String> stages) {
            noCacheFilter.addAll(stages);
            return this;
        }

        public Builder remoteCache(RemoteCacheOptions options) {
            this.remoteCache = Objects.requireNonNull(options, "remoteCache");
            return this;
        }

        public Builder exporter(Exporter exporter) {
            exporters.add(Objects.requireNonNull(exporter, "exporter"));
            return this;
        }

        public Builder extraHost(ExtraHost host) {
            extraHosts.add(Objects.requireNonNull(host, "host"));
            return this;
        }

        /** The size of every RUN step's /dev/shm in bytes (BuildKit's 64 MiB unless set). */
        public Builder shmSize(long bytes) {
            runLimits = runLimits.withShmBytes(bytes);
            return this;
        }

        /** A resource limit of every RUN step; a later one of the same type replaces it, as in docker. */
        public Builder ulimit(Ulimit ulimit) {
            ulimits.add(Objects.requireNonNull(ulimit, "ulimit"));
            return this;
        }

        /** Builds for these platforms (normalised, as {@link TargetPlatforms} gives them); empty for the host's. */
        public Builder platforms(List<Platform> targets) {
            platforms.clear();
            for (Platform p : targets) {
                if (!platforms.contains(p)) {
                    platforms.add(p);
                }
            }
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(this);
        }
    }
}
