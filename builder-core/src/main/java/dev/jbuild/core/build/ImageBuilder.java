package dev.jbuild.core.build;

import dev.jbuild.core.op.RunDefaults;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheChain;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.CacheSource;
import dev.jbuild.cache.index.KeyHistory;
import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.context.BuildContext;
import dev.jbuild.core.context.ChecksumMemo;
import dev.jbuild.core.context.FileChecksum;
import dev.jbuild.core.exec.BinfmtMisc;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.OverlayProbe;
import dev.jbuild.core.exec.Sandbox;
import dev.jbuild.core.exec.SandboxChooser;
import dev.jbuild.core.exec.SandboxKind;
import dev.jbuild.core.exec.UnshareSandbox;
import dev.jbuild.core.export.ExportedImage;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.export.ImageAssembler;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.op.OpFactory;
import dev.jbuild.core.op.StepCopier;
import dev.jbuild.core.plan.BuildArguments;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.plan.BuildPlan;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.plan.PlannedStage;
import dev.jbuild.core.plan.Planner;
import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.ProgressListener;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.source.remote.RemoteSources;
import dev.jbuild.core.remotecache.CacheExport;
import dev.jbuild.core.remotecache.CacheExporter;
import dev.jbuild.core.remotecache.CacheImporter;
import dev.jbuild.core.remotecache.CacheLocation;
import dev.jbuild.core.remotecache.CacheMode;
import dev.jbuild.core.remotecache.RemoteCacheException;
import dev.jbuild.core.snapshot.NativeSnapshotter;
import dev.jbuild.core.snapshot.OverlaySnapshotter;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.snapshot.SnapshotterKind;
import dev.jbuild.core.solve.SolveOptions;
import dev.jbuild.core.solve.Solver;
import dev.jbuild.core.source.image.ImageSource;
import dev.jbuild.core.ssh.SshAgents;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.instruction.BuildDefinition;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import dev.jbuild.grammar.instruction.Stage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine's front door: checks the Dockerfile, plans it, solves the plan with the cache,
 * snapshots and sandboxes, assembles the image and tags it in the local store; around the solve it
 * imports and exports shared caches ({@code --cache-from}, {@code --cache-to}). The CLI and the
 * Maven plugin both build through this class; they differ only in how they show progress.
 */
public final class ImageBuilder {

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

    /**
     * Builds while holding the data directory shared ({@link DataDirectoryLock}), so a prune
     * waits for the build and never removes what it uses.
     */
    public BuildResult build(BuildRequest request) throws DockerfileException {
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(dataDirectory).shared()) {
            return buildLocked(request);
        }
    }

    private BuildResult buildLocked(BuildRequest request) throws DockerfileException {
        DockerfileCheck check = DockerfileCheck.run(request.dockerfile());
        BuildDefinition definition = check.definition();
        ImageStore store = new ImageStore(dataDirectory);
        Platform host = HostPlatform.current();
        List<Platform> platforms = request.platforms().isEmpty() ? List.of(host) : request.platforms();
        Supplier<RegistryClient> client = memoized(registry);
        Map<Platform, ImageSource> sources = new LinkedHashMap<>();
        Map<Platform, BuildPlan> plans = new LinkedHashMap<>();
        for (Platform platform : platforms) {
            ImageSource images = new ImageSource(store, client, platform, request.pull());
            BuildArguments arguments = new BuildArguments(request.buildArgs(), platform, host);
            sources.put(platform, images);
            plans.put(platform, new Planner(definition, request.dockerfile().escape(), arguments, images,
                    request.namedContexts()).plan(request.target()));
        }
        for (String tag : request.tags()) {
            ImageReference.parse(tag);
        }
        Instant created = request.sourceDateEpoch().orElseGet(Instant::now);
        OwnerMapping owners = HostProbe.system().namespaceMapping().owners();
        // Step layers are stored as plain tars (digest = diff_id, one hash pass, no compression);
        // whatever leaves the store compresses them then (ImageRewrite, LayerConversions).
        LayerWriter.Options layers = LayerWriter.Options.defaults()
                .withCompression(Compression.NONE)
                .withOwners(owners);
        if (request.sourceDateEpoch().isPresent()) {
            layers = layers.withSourceDateEpoch(request.sourceDateEpoch().get());
        }
        String identity = request.dockerfilePath().or(request::context)
                .map(p -> p.toAbsolutePath().normalize().toString()).orElse("-");
        SnapshotterKind snapshotter = request.snapshotter();
        requireOverlaySandbox(request.sandbox(), snapshotter);
        LayerApplier.Options applied = LayerApplier.Options.forCurrentProcess(owners);
        StoredOwners.ensure(dataDirectory, HostProbe.system().namespaceMapping());
        try (Snapshotter snapshots = snapshotter == SnapshotterKind.NATIVE
                        ? new NativeSnapshotter(dataDirectory.resolve("snapshots"), store.blobs(), new LayerApplier(applied))
                        : new OverlaySnapshotter(dataDirectory.resolve("snapshots"), store.blobs(), applied);
                ChecksumMemo memo = ChecksumMemo.open(dataDirectory.resolve("checksums"));
                SshAgents agents = request.ssh().isEmpty() ? SshAgents.none() : SshAgents.start(request.ssh())) {
            snapshots.cleanupAbandoned();
            Supplier<Sandbox> sandbox = memoized(early(plans.values().iterator().next(),
                    () -> chooseSandbox(request.sandbox(), snapshotter, overlayProbe(dataDirectory))));
            BuildContext context = request.context()
                    .map(dir -> BuildContext.ofDirectory(dir, request.dockerfilePath().orElse(null))).orElse(null);
            Map<String, BuildContext> named = new HashMap<>();
            request.namedContexts().forEach((name, value) -> {
                if (!value.startsWith("docker-image://") && !value.startsWith("oci-layout://")) {
                    named.put(name, BuildContext.ofDirectory(Path.of(value), null));
                }
            });
            FileChecksum checksums = new FileChecksum(memo);
            RemoteSources remotes = new RemoteSources(dataDirectory.resolve("downloads"));
            AtomicInteger vertices = new AtomicInteger();
            CacheIndex index = new CacheIndex(dataDirectory, store.blobs());
            List<CacheSource> imported = request.noCache() ? List.of()
                    : importCaches(request.remoteCache().from(), new CacheImporter(client, store.blobs(), index), vertices);
            List<PlatformImage> built = new ArrayList<>();
            int stepsRun = 0;
            for (Platform platform : platforms) {
                ImageSource images = sources.get(platform);
                BuildPlan plan = plans.get(platform);
                boolean foreign = !platform.equals(host);
                // --explain-cache compares a step with its last build for the same platform
                SolveOptions options = new SolveOptions(request.noCache(), layers, platform, request.parallelStages(),
                        request.network(), request.explainCache(), foreign ? identity + "|" + platform : identity,
                        noCacheStages(definition, request.noCacheFilter()), platforms.size() > 1);
                StepCopier copier = new StepCopier(context, named, images, snapshots, checksums, remotes, owners);
                Map<Platform, OpFactory> ops = new ConcurrentHashMap<>();
                Solver solver = new Solver(images, new CacheChain(index, imported),
                        stagePlatform -> ops.computeIfAbsent(stagePlatform, p -> opsFor(p, host, copier, snapshots, sandbox,
                                request, agents)),
                        new KeyHistory(dataDirectory), progress, vertices, options);
                Solver.SolvedStage solved = solver.solve(plan);
                stepsRun += solver.stepsRun();
                PlannedStage target = plan.targetStage();
                // as BuildKit: a platform asked for names the image's; without --platform, the target stage's own
                Platform imagePlatform = request.platforms().isEmpty() ? target.platform().orElse(platform) : platform;
                Descriptor manifest = new ImageAssembler(store.blobs()).assemble(solved.layers(), solved.history(),
                        withLabels(target.config(), request.labels()), target.author(), imagePlatform, created);
                ImageManifest written = ImageJson.read(store.readBlob(manifest.digest()), ImageManifest.class);
                built.add(new PlatformImage(imagePlatform, manifest, written.config().digest(), solved));
            }
            // one export of every platform's records: one per platform would replace the last at the same ref
            exportCaches(request.remoteCache().to(), built.stream().map(PlatformImage::solved).toList(),
                    new CacheExporter(client, store.blobs()), vertices);
            // one platform is a plain manifest, as BuildKit's; several are an index of them
            Descriptor manifest = built.size() == 1 ? built.get(0).manifest()
                    : new ImageAssembler(store.blobs()).index(built.stream()
                            .map(b -> b.manifest().withPlatform(b.platform())).toList());
            List<String> names = new ArrayList<>();
            for (String tag : request.tags()) {
                names.add(store.tag(ImageReference.parse(tag).toString(), manifest).name());
            }
            // a multi-platform image has no one config: its id is the index's digest, as buildx's --iidfile writes
            Digest configDigest = built.size() == 1 ? built.get(0).configDigest() : manifest.digest();
            ExportedImage image = new ExportedImage(store, manifest, configDigest, names,
                    built.size() == 1 ? built.get(0).platform() : host, client);
            Descriptor exported = manifest;
            for (Exporter exporter : request.exporters()) {
                exported = export(exporter, image, vertices).orElse(exported);
            }
            return new BuildResult(manifest, exported, configDigest, names, stepsRun, check.warnings(), index.hits());
        }
    }

    /** The ops of the steps of one platform's stages; RUN steps of a foreign one run through its emulator. */
    private OpFactory opsFor(Platform platform, Platform host, StepCopier copier, Snapshotter snapshots,
            Supplier<Sandbox> sandbox, BuildRequest request, SshAgents agents) {
        boolean foreign = !platform.equals(host);
        return new OpFactory(copier, snapshots, foreign ? emulated(platform, host, sandbox) : sandbox,
                dataDirectory.resolve("cache-mounts"), request.secrets(), agents::socket,
                new RunDefaults(request.network(), request.extraHosts(), request.runLimits(),
                        foreign ? platform.toString() : ""));
    }

    /** One platform's image of a build: its manifest and config, and the solve that made it. */
    private record PlatformImage(Platform platform, Descriptor manifest, Digest configDigest, Solver.SolvedStage solved) {
    }

    /**
     * The sandbox for RUN steps of a platform this host does not run natively: first checks that
     * the kernel hands its programs to an emulator (binfmt_misc), so a missing one fails the step
     * before it starts with what to install, instead of the shell's "exec format error". Only a
     * RUN step asks, so a build that only copies files needs no emulator, as in BuildKit.
     */
    private static Supplier<Sandbox> emulated(Platform platform, Platform host, Supplier<Sandbox> sandbox) {
        return () -> {
            BinfmtMisc.system(host.architecture()).require(platform.toString(), platform.architecture());
            return sandbox.get();
        };
    }

    // A shared cache that cannot be read is a warning, never a failed build: the steps just run.
    private List<CacheSource> importCaches(List<CacheLocation> from, CacheImporter importer, AtomicInteger vertices) {
        List<CacheSource> sources = new ArrayList<>();
        for (CacheLocation location : from) {
            int vertex = vertices.incrementAndGet();
            long start = System.nanoTime();
            progress.on(new BuildEvent.Started(vertex, "importing cache manifest from " + location));
            try {
                sources.add(importer.open(location, warning -> progress.on(new BuildEvent.Warning(vertex, warning))));
            } catch (RemoteCacheException e) {
                progress.on(new BuildEvent.Warning(vertex, e.getMessage()));
            }
            progress.on(new BuildEvent.Done(vertex, Duration.ofNanos(System.nanoTime() - start)));
        }
        return sources;
    }

    private void exportCaches(List<CacheExport> to, List<Solver.SolvedStage> solved, CacheExporter exporter,
            AtomicInteger vertices) {
        for (CacheExport export : to) {
            int vertex = vertices.incrementAndGet();
            long start = System.nanoTime();
            progress.on(new BuildEvent.Started(vertex, "exporting cache to " + export.location()));
            try {
                int records = exporter.export(export.location(), solved.stream()
                        .flatMap(stage -> (export.mode() == CacheMode.MAX ? stage.allCache() : stage.targetCache()).stream())
                        .distinct().toList());
                progress.on(new BuildEvent.Output(vertex, records + " cache records, mode="
                        + export.mode().name().toLowerCase(Locale.ROOT)));
            } catch (RemoteCacheException e) {
                if (!export.ignoreError()) {
                    progress.on(new BuildEvent.Failed(vertex, e.getMessage()));
                    throw new BuildException(null, "", e.getMessage(), "", e);
                }
                progress.on(new BuildEvent.Warning(vertex, e.getMessage()));
            }
            progress.on(new BuildEvent.Done(vertex, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    // An exporter is a step of its own, as BuildKit shows "exporting to …"; its failure fails the build.
    private Optional<Descriptor> export(Exporter exporter, ExportedImage image, AtomicInteger vertices) {
        int vertex = vertices.incrementAndGet();
        long start = System.nanoTime();
        progress.on(new BuildEvent.Started(vertex, exporter.description()));
        Optional<Descriptor> written;
        try {
            written = exporter.export(image, line -> progress.on(new BuildEvent.Output(vertex, line)));
        } catch (IOException | RuntimeException e) {
            progress.on(new BuildEvent.Failed(vertex, e.getMessage()));
            throw new BuildException(null, "", exporter.description() + ": " + e.getMessage(), "", e);
        }
        progress.on(new BuildEvent.Done(vertex, Duration.ofNanos(System.nanoTime() - start)));
        return written;
    }

    /** {@code --no-cache-filter} names and indexes as stage indexes; an unknown one is the user's error. */
    private static Set<Integer> noCacheStages(BuildDefinition definition, List<String> filter) {
        Set<Integer> out = new HashSet<>();
        List<Stage> stages = definition.stages();
        for (String wanted : filter) {
            int found = -1;
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i).name().map(n -> n.equalsIgnoreCase(wanted)).orElse(false)) {
                    found = i;
                }
            }
            if (found < 0 && wanted.matches("[0-9]+") && Integer.parseInt(wanted) < stages.size()) {
                found = Integer.parseInt(wanted);
            }
            if (found < 0) {
                List<String> names = stages.stream().flatMap(s -> s.name().stream()).toList();
                throw new BuildException(null, "", "--no-cache-filter: stage \"" + wanted + "\" is not in the Dockerfile; "
                        + (names.isEmpty() ? "its stages have no names, so give their index (0 to " + (stages.size() - 1) + ")"
                                : "stages are: " + String.join(", ", names) + " (or an index, 0 to " + (stages.size() - 1) + ")"));
            }
            out.add(found);
        }
        return out;
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

    /**
     * What {@code --sandbox=auto --snapshotter=auto} picks on this host, e.g. {@code unshare
     * sandbox, overlay snapshots}, for {@code jbuild doctor}, with snapshots in {@code dataDirectory};
     * the probes run once per JVM.
     */
    public static String automaticChoice(Path dataDirectory) {
        Sandbox sandbox = chooseSandbox(Optional.empty(), SnapshotterKind.AUTO, overlayProbe(dataDirectory));
        return sandbox.kind().flagName() + " sandbox, " + (sandbox.mountsOverlay() ? "overlay" : "native") + " snapshots";
    }

    // The overlay snapshotter makes its upper directories in the data directory's sessions, so that is where to probe.
    private static OverlayProbe overlayProbe(Path dataDirectory) {
        return OverlayProbe.in(dataDirectory.resolve("snapshots").resolve("sessions"));
    }

    /** Refuses, before anything runs, a sandbox that cannot mount the overlay asked for. */
    private static void requireOverlaySandbox(Optional<SandboxKind> kind, SnapshotterKind snapshotter) {
        if (snapshotter == SnapshotterKind.OVERLAY && kind.isPresent() && kind.get() != SandboxKind.UNSHARE) {
            throw new BuildException(null, "", "--snapshotter=overlay needs --sandbox=unshare (or auto): the '"
                    + kind.get().flagName() + "' sandbox cannot mount overlayfs; use --snapshotter=native or auto with it");
        }
    }

    /**
     * The sandbox, and whether its RUN steps get overlay roots. Only the unshare sandbox mounts
     * overlayfs (bubblewrap before 0.9 has no --overlay, and an OCI runtime would need the
     * overlay mounted before it starts), so {@code overlay} picks it for {@code --sandbox=auto}
     * and refuses the others; {@code auto} uses overlay when the chosen sandbox can and the
     * probe mounted one, and otherwise native snapshots, as {@code native} always does. With
     * both left to {@code auto}, overlay wins over the usual sandbox order (as overlayfs is
     * BuildKit's default snapshotter): a RUN step then costs no copy of its root, which on a
     * 100 MB base made ten RUN steps 7.7 s instead of 20.2 s.
     */
    private static Sandbox chooseSandbox(Optional<SandboxKind> kind, SnapshotterKind snapshotter, OverlayProbe probe) {
        String flag = kind.map(SandboxKind::flagName).orElse("auto");
        try {
            boolean autoSandbox = kind.isEmpty();
            if (snapshotter == SnapshotterKind.AUTO && autoSandbox
                    && SandboxChooser.forHost().probe(SandboxKind.UNSHARE).usable()
                    && probe.probe().usable()) {
                return SandboxChooser.forHost().choose(SandboxKind.UNSHARE.flagName());
            }
            Sandbox sandbox = SandboxChooser.forHost().choose(
                    snapshotter == SnapshotterKind.OVERLAY ? SandboxKind.UNSHARE.flagName() : flag);
            if (!sandbox.mountsOverlay()) {
                return sandbox;
            }
            OverlayProbe.Result overlay = snapshotter == SnapshotterKind.NATIVE ? null : probe.probe();
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

    /**
     * When the plan has a RUN step, starts choosing its sandbox now on a thread of its own: the
     * probes (a sandbox running {@code true}, an overlay mount) are some twenty process starts,
     * 40–80 ms here, which then overlap the context scan, the cache lookups and the COPY steps
     * instead of delaying the first RUN. A failure is thrown, unchanged, to the step that asks.
     */
    private static Supplier<Sandbox> early(BuildPlan plan, Supplier<Sandbox> choose) {
        boolean runs = plan.ordered().stream().flatMap(stage -> stage.instructions().stream())
                .anyMatch(instruction -> instruction.step().filter(FilesystemStep.Run.class::isInstance).isPresent());
        if (!runs) {
            return choose;
        }
        FutureTask<Sandbox> chosen = new FutureTask<>(choose::get);
        Thread thread = new Thread(chosen, "jbuild-sandbox-probe");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            try {
                return chosen.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BuildException(null, "", "interrupted while choosing a sandbox");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("choosing a sandbox failed", e.getCause());
            }
        };
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
