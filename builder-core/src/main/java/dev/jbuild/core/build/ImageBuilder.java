package dev.jbuild.core.build;

import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.KeyHistory;
import dev.jbuild.core.context.BuildContext;
import dev.jbuild.core.context.ChecksumMemo;
import dev.jbuild.core.context.FileChecksum;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.IdMapping;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.Sandbox;
import dev.jbuild.core.exec.SandboxChooser;
import dev.jbuild.core.exec.SandboxKind;
import dev.jbuild.core.exec.OverlayProbe;
import dev.jbuild.core.exec.UnshareSandbox;
import dev.jbuild.core.export.ImageAssembler;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.plan.BuildArguments;
import dev.jbuild.core.plan.BuildException;
import dev.jbuild.core.plan.BuildPlan;
import dev.jbuild.core.plan.PlannedStage;
import dev.jbuild.core.plan.Planner;
import dev.jbuild.core.progress.ProgressListener;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.snapshot.NativeSnapshotter;
import dev.jbuild.core.snapshot.OverlaySnapshotter;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.snapshot.SnapshotterKind;
import dev.jbuild.core.solve.SolveOptions;
import dev.jbuild.core.solve.Solver;
import dev.jbuild.core.solve.StepCopier;
import dev.jbuild.core.source.ImageSource;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.instruction.BuildDefinition;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's front door: checks the Dockerfile, plans it, solves the plan with the cache,
 * snapshots and sandboxes, assembles the image and tags it in the local store. The CLI and the
 * Maven plugin both build through this class; they differ only in how they show progress.
 */
public final class ImageBuilder {

    private static final long NOBODY = 65534;

    private final Path dataDirectory;
    private final ProgressListener progress;
    private final Supplier<RegistryClient> registry;

    public ImageBuilder(Path dataDirectory, ProgressListener progress) {
        this(dataDirectory, progress, () -> RegistryClient.builder().dockerConfig(DockerConfig.loadDefault()).build());
    }

    public ImageBuilder(Path dataDirectory, ProgressListener progress, Supplier<RegistryClient> registry) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.progress = progress;
        this.registry = registry;
    }

    public BuildResult build(BuildRequest request) throws DockerfileException {
        BuildDefinition definition = DockerfileCheck.run(request.dockerfile()).definition();
        ImageStore store = new ImageStore(dataDirectory);
        Platform platform = HostPlatform.current();
        ImageSource images = new ImageSource(store, memoized(registry), platform, request.pull());
        BuildArguments arguments = new BuildArguments(request.buildArgs(), platform, platform);
        BuildPlan plan = new Planner(definition, request.dockerfile().escape(), arguments, images,
                request.namedContexts()).plan(request.target());
        for (String tag : request.tags()) {
            ImageReference.parse(tag);
        }
        Instant created = request.sourceDateEpoch().orElseGet(Instant::now);
        LayerWriter.Options layers = LayerWriter.Options.defaults()
                .withOwners(ownerMapping(HostProbe.system().namespaceMapping()));
        if (request.sourceDateEpoch().isPresent()) {
            layers = layers.withSourceDateEpoch(request.sourceDateEpoch().get());
        }
        String identity = request.dockerfilePath().map(p -> p.toAbsolutePath().normalize().toString())
                .orElse(String.valueOf(request.context()));
        SolveOptions options = new SolveOptions(request.noCache(), layers, created, platform, request.parallelStages(),
                NetworkMode.fromFlag(request.network()), request.explainCache(), identity);
        SnapshotterKind snapshotter = SnapshotterKind.fromFlag(request.snapshotter());
        requireOverlaySandbox(request.sandbox(), snapshotter);
        try (Snapshotter snapshots = snapshotter == SnapshotterKind.NATIVE
                        ? new NativeSnapshotter(dataDirectory.resolve("snapshots"), store.blobs())
                        : new OverlaySnapshotter(dataDirectory.resolve("snapshots"), store.blobs());
                ChecksumMemo memo = ChecksumMemo.open(dataDirectory.resolve("checksums"))) {
            snapshots.cleanupAbandoned();
            Supplier<Sandbox> sandbox = memoized(() -> chooseSandbox(request.sandbox(), snapshotter));
            BuildContext context = request.context() == null ? null
                    : BuildContext.ofDirectory(request.context(), request.dockerfilePath().orElse(null));
            Map<String, BuildContext> named = new java.util.HashMap<>();
            request.namedContexts().forEach((name, value) -> {
                if (!value.startsWith("docker-image://")) {
                    named.put(name, BuildContext.ofDirectory(Path.of(value), null));
                }
            });
            StepCopier copier = new StepCopier(context, named, images, snapshots, new FileChecksum(memo));
            Solver.SolvedStage solved = new Solver(images, new CacheIndex(dataDirectory, store.blobs()), snapshots,
                    sandbox, copier, dataDirectory.resolve("cache-mounts"), request.secrets(),
                    new KeyHistory(dataDirectory), progress, options)
                    .solve(plan);
            PlannedStage target = plan.targetStage();
            Descriptor manifest = new ImageAssembler(store.blobs()).assemble(solved.layers(), solved.history(),
                    withLabels(target.config(), request.labels()), target.author(), platform, created);
            List<String> names = new ArrayList<>();
            for (String tag : request.tags()) {
                names.add(store.tag(ImageReference.parse(tag).toString(), manifest).name());
            }
            ImageManifest written = ImageJson.read(store.readBlob(manifest.digest()), ImageManifest.class);
            return new BuildResult(manifest, written.config().digest(), names);
        }
    }

    // Layers record owners as the container sees them; a host id outside the mapping is nobody.
    private static OwnerMapping ownerMapping(IdMapping mapping) {
        return new OwnerMapping() {
            @Override
            public long uid(long hostUid) {
                return mapping.containerUid(hostUid).orElse(NOBODY);
            }

            @Override
            public long gid(long hostGid) {
                return mapping.containerGid(hostGid).orElse(NOBODY);
            }
        };
    }

    private static ContainerConfig withLabels(ContainerConfig config, Map<String, String> extra) {
        if (extra.isEmpty()) {
            return config;
        }
        Map<String, String> labels = new java.util.TreeMap<>(config.labels() == null ? Map.of() : config.labels());
        labels.putAll(extra);
        return new ContainerConfig(config.user(), config.exposedPorts(), config.env(), config.entrypoint(), config.cmd(),
                config.volumes(), config.workingDir(), labels, config.stopSignal(), config.argsEscaped(),
                config.healthcheck(), config.onBuild(), config.shell(), config.stopTimeout(), config.extra());
    }

    /** Refuses, before anything runs, a sandbox that cannot mount the overlay asked for. */
    private static void requireOverlaySandbox(String flag, SnapshotterKind snapshotter) {
        boolean autoSandbox = flag == null || flag.isBlank() || flag.trim().equalsIgnoreCase("auto");
        if (snapshotter == SnapshotterKind.OVERLAY && !autoSandbox && SandboxKind.fromFlag(flag) != SandboxKind.UNSHARE) {
            throw new BuildException(null, "", "--snapshotter=overlay needs --sandbox=unshare (or auto): the '"
                    + flag.trim() + "' sandbox cannot mount overlayfs; use --snapshotter=native or auto with it");
        }
    }

    /**
     * The sandbox, and whether its RUN steps get overlay roots. Only the unshare sandbox mounts
     * overlayfs (bubblewrap before 0.9 has no --overlay, and an OCI runtime would need the
     * overlay mounted before it starts), so {@code overlay} picks it for {@code --sandbox=auto}
     * and refuses the others; {@code auto} uses overlay when the chosen sandbox can and the
     * probe mounted one, and otherwise native snapshots, as {@code native} always does.
     */
    private static Sandbox chooseSandbox(String flag, SnapshotterKind snapshotter) {
        try {
            Sandbox sandbox = SandboxChooser.forHost().choose(
                    snapshotter == SnapshotterKind.OVERLAY ? SandboxKind.UNSHARE.flagName() : flag);
            if (!sandbox.mountsOverlay()) {
                return sandbox;
            }
            OverlayProbe.Result overlay = snapshotter == SnapshotterKind.NATIVE ? null : OverlayProbe.forHost().probe();
            if (snapshotter == SnapshotterKind.OVERLAY && !overlay.usable()) {
                throw new BuildException(null, "", "--snapshotter=overlay: " + overlay.detail()
                        + "; use --snapshotter=native or auto");
            }
            if (overlay == null || !overlay.usable()) {
                return ((UnshareSandbox) sandbox).withoutOverlay();
            }
            return sandbox;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(null, "", "interrupted while choosing a sandbox");
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        Object[] value = {null};
        return () -> {
            synchronized (value) {
                if (value[0] == null) {
                    value[0] = supplier.get();
                }
                @SuppressWarnings("unchecked")
                T t = (T) value[0];
                return t;
            }
        };
    }
}
