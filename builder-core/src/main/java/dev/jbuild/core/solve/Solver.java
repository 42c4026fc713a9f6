package dev.jbuild.core.solve;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheChain;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import dev.jbuild.cache.index.KeyHistory;
import dev.jbuild.core.exec.ExecResult;
import dev.jbuild.core.exec.ExecSpec;
import dev.jbuild.core.exec.MountStub;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.OutputSink;
import dev.jbuild.core.exec.Sandbox;
import dev.jbuild.core.exec.SandboxException;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.plan.BuildCanceledException;
import dev.jbuild.core.plan.BuildException;
import dev.jbuild.core.plan.BuildPlan;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.plan.PlannedInstruction;
import dev.jbuild.core.plan.PlannedStage;
import dev.jbuild.core.plan.StageBase;
import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.ProgressListener;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.source.ImageSource;
import dev.jbuild.core.source.ResolvedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a build plan: each stage starts as soon as the stages it needs are done, on a bounded
 * pool, so independent stages run in parallel; within a stage, each filesystem step is looked
 * up in the cache by a key built from its definition and its input's key, and only a miss runs
 * (in a fresh snapshot, a sandbox for RUN) and becomes a layer. The first failure cancels the
 * rest and is reported with its instruction.
 */
public final class Solver {

    private final ImageSource images;
    private final CacheChain cache;
    private final Snapshotter snapshots;
    private final Supplier<Sandbox> sandbox;
    private final StepCopier copier;
    private final RunMounts mounts;
    private final KeyHistory keyHistory;
    private final ProgressListener progress;
    private final SolveOptions options;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final AtomicInteger vertices;
    private final AtomicInteger stepsRun = new AtomicInteger();

    /**
     * @param cacheMounts where {@code RUN --mount=type=cache} directories live
     * @param secrets the files given with {@code --secret id=…}, by id
     * @param sshSockets the agent socket for an id given with {@code --ssh}, if any
     * @param vertices numbers the steps; shared with the steps shown around the solve (cache import, export)
     */
    public Solver(ImageSource images, CacheChain cache, Snapshotter snapshots, Supplier<Sandbox> sandbox,
            StepCopier copier, Path cacheMounts, Map<String, Path> secrets,
            java.util.function.Function<String, Optional<Path>> sshSockets, KeyHistory keyHistory,
            ProgressListener progress, AtomicInteger vertices, SolveOptions options) {
        this.keyHistory = keyHistory;
        this.images = images;
        this.cache = cache;
        this.snapshots = snapshots;
        this.sandbox = sandbox;
        this.copier = copier;
        this.mounts = new RunMounts(cacheMounts, secrets, sshSockets, copier, snapshots);
        this.progress = progress;
        this.vertices = vertices;
        this.options = options;
    }

    /**
     * Solves the plan and returns the target stage's layers and history. Interrupting the
     * calling thread cancels the build: the running steps are interrupted (which kills their
     * sandboxes and removes their snapshots), this waits a bounded time for them to finish
     * cleaning up, and throws {@link BuildCanceledException}.
     */
    public SolvedStage solve(BuildPlan plan) {
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelStages());
        Map<Integer, CompletableFuture<StageResult>> futures = new HashMap<>();
        try {
            for (PlannedStage stage : plan.ordered()) {
                List<CompletableFuture<StageResult>> deps = stage.dependencies().stream().map(futures::get).toList();
                CompletableFuture<StageResult> future = CompletableFuture
                        .allOf(deps.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ignored -> solveStage(stage, plan, futures), pool);
                futures.put(stage.index(), future);
            }
            StageResult target = await(futures.get(plan.target()));
            List<CacheEntry> all = new ArrayList<>();
            for (PlannedStage stage : plan.ordered()) {
                all.addAll(await(futures.get(stage.index())).cache());
            }
            return new SolvedStage(target.layers(), target.history(), target.cache(), all);
        } catch (RuntimeException e) {
            futures.values().forEach(f -> f.cancel(true));
            throw e;
        } finally {
            pool.shutdownNow();
            awaitStopped(pool);
        }
    }

    /** How many steps missed the cache and ran (and so wrote to it) so far. */
    public int stepsRun() {
        return stepsRun.get();
    }

    /**
     * The target's result: layers bottom first and the image history, for the exporter; and the
     * cache records the build used or made, for a cache export: those of the target's own chain
     * of steps (its layers), and those of every stage solved.
     */
    public record SolvedStage(List<LayerBlob> layers, List<History> history, List<CacheEntry> targetCache,
            List<CacheEntry> allCache) {

        public SolvedStage {
            layers = List.copyOf(layers);
            history = List.copyOf(history);
            targetCache = List.copyOf(targetCache);
            allCache = List.copyOf(allCache);
        }
    }

    // get(), not join(): join() cannot be interrupted, and an interrupt is how a build is canceled.
    // The interrupt becomes the exception; the flag stays clear so that the cleanup after it can wait and do I/O.
    private static StageResult await(CompletableFuture<StageResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw new BuildCanceledException("", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // Steps still running when the build ends hold snapshots and sandboxes; they are interrupted
    // and given time to kill their processes and delete their directories before the snapshotter
    // closes. Past the bound the build's own outcome is reported all the same; the next build's
    // cleanup removes what a stuck step left.
    private static void awaitStopped(ExecutorService pool) {
        try {
            pool.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StageResult solveStage(PlannedStage stage, BuildPlan plan, Map<Integer, CompletableFuture<StageResult>> done) {
        boolean fromImage = stage.base() instanceof StageBase.Image;
        int total = (fromImage ? 1 : 0) + (int) stage.instructions().stream().filter(i -> i.step().isPresent()).count();
        StageResult state = base(stage, done, prefix(stage, plan, 1, total));
        boolean useCache = !options.noCache() && !options.noCacheStages().contains(stage.index());
        int number = fromImage ? 1 : 0;
        for (int i = 0; i < stage.instructions().size(); i++) {
            PlannedInstruction instruction = stage.instructions().get(i);
            if (instruction.step().isPresent()) {
                number++;
            }
            String name = prefix(stage, plan, number, total) + instruction.display();
            state = step(state, instruction, name, options.buildIdentity() + "|" + stage.index() + "|" + i, useCache, done);
        }
        return state;
    }

    // Steps are named as BuildKit names them: FROM an image and each filesystem step count, the
    // number is padded to the width of the total, and a Dockerfile of one stage leaves its name out.
    private static String prefix(PlannedStage stage, BuildPlan plan, int number, int total) {
        String label = plan.stageCount() == 1 ? "" : stage.name().orElse("stage-" + stage.index()) + " ";
        int width = String.valueOf(total).length();
        return "[" + label + String.format(Locale.ROOT, "%" + width + "d/%d] ", number, total);
    }

    private StageResult base(PlannedStage stage, Map<Integer, CompletableFuture<StageResult>> done, String prefix) {
        String name = prefix + "FROM ";
        if (stage.base() instanceof StageBase.Stage s) {
            return done.get(s.index()).join();
        }
        if (stage.base() instanceof StageBase.Image image) {
            int vertex = announce(name + image.reference());
            long start = System.nanoTime();
            ResolvedImage resolved;
            try {
                resolved = images.resolve(image.reference());
            } catch (RuntimeException e) {
                progress.on(failure(vertex, e));
                throw e;
            }
            finish(vertex, start);
            return new StageResult(layersOf(resolved), historyOf(resolved.config()),
                    CacheKey.builder("image").add("manifest", resolved.manifest().digest().toString()).build(), List.of());
        }
        return new StageResult(List.of(), List.of(), CacheKey.builder("scratch").build(), List.of());
    }

    private static List<LayerBlob> layersOf(ResolvedImage image) {
        List<Digest> diffIds = image.config().rootfs().diffIds();
        if (diffIds.size() != image.layers().size()) {
            throw new BuildException(null, "FROM " + image.name(), image.name() + " has " + image.layers().size()
                    + " layers but " + diffIds.size() + " diff_ids in its config");
        }
        List<LayerBlob> out = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor d = image.layers().get(i);
            out.add(new LayerBlob(d.digest(), diffIds.get(i), d.size(), d.mediaType()));
        }
        return out;
    }

    private static List<History> historyOf(ImageConfig config) {
        return config.history() == null ? List.of() : config.history();
    }

    private StageResult step(StageResult state, PlannedInstruction instruction, String name, String identity,
            boolean useCache, Map<Integer, CompletableFuture<StageResult>> done) {
        Optional<FilesystemStep> fsStep = instruction.step();
        if (fsStep.isEmpty()) {
            return instruction.createdBy()
                    .map(text -> with(state, Optional.empty(), history(Optional.empty(), text, true), state.key(),
                            Optional.empty()))
                    .orElse(state);
        }
        FilesystemStep step = fsStep.get();
        int vertex = announce(name);
        CopyInputs inputs;
        Map<String, List<String>> fields;
        CacheKey key;
        try {
            inputs = step instanceof FilesystemStep.Copy copy ? copier.inputs(copy, done) : CopyInputs.NONE;
            List<String> mountKey = step instanceof FilesystemStep.Run run ? mounts.keyParts(run.mounts(), done) : List.of();
            fields = keyFields(state.key(), step, inputs, mountKey);
            key = key(fields);
        } catch (BuildException e) {
            progress.on(failure(vertex, e));
            throw e;
        } catch (RuntimeException e) {
            // a missing source, a bad pattern: the instruction's fault, reported at its line
            progress.on(failure(vertex, e));
            throw new BuildException(instruction.origin().range(), instruction.display(), e.getMessage(), "", e);
        }
        long start = System.nanoTime();
        Optional<CacheRecord> hit = useCache ? cache.lookup(key) : Optional.empty();
        if (hit.isPresent()) {
            keyHistory.record(identity, fields);
            progress.on(new BuildEvent.Cached(vertex));
            Optional<LayerBlob> layer = hit.get().layer().map(l -> new LayerBlob(l.digest(), l.diffId(), l.size(), l.mediaType()));
            Optional<Instant> made = hit.get().layer().flatMap(CachedLayer::created).or(() -> Optional.of(Instant.now()));
            return with(state, layer, history(made, instruction.createdBy().orElseThrow(), layer.isEmpty()), key,
                    Optional.of(new CacheEntry(key, hit.get())));
        }
        if (options.explainMisses()) {
            progress.on(new BuildEvent.Output(vertex, keyHistory.explainMiss(identity, fields)));
        }
        Optional<LayerBlob> layer;
        try {
            layer = run(state, step, inputs, instruction, vertex, done);
        } catch (BuildException e) {
            progress.on(failure(vertex, e));
            throw e;
        } catch (RuntimeException e) {
            progress.on(failure(vertex, e));
            throw new BuildException(instruction.origin().range(), instruction.display(), e.getMessage(), "", e);
        }
        Instant now = Instant.now();
        CacheRecord made = layer.map(l -> CacheRecord.of(new CachedLayer(l.digest(), l.diffId(), l.size(), l.mediaType(),
                        Optional.of(now))))
                .orElseGet(CacheRecord::noChange);
        cache.record(key, made);
        keyHistory.record(identity, fields);
        stepsRun.incrementAndGet();
        finish(vertex, start);
        return with(state, layer, history(Optional.of(now), instruction.createdBy().orElseThrow(), layer.isEmpty()), key,
                Optional.of(new CacheEntry(key, made)));
    }

    private Optional<LayerBlob> run(StageResult state, FilesystemStep step, CopyInputs inputs,
            PlannedInstruction instruction, int vertex, Map<Integer, CompletableFuture<StageResult>> done) {
        try (MutableSnapshot snapshot = prepare(step, state.layers())) {
            Set<String> stubs = new HashSet<>();
            if (step instanceof FilesystemStep.Run run) {
                stubs.addAll(execute(run, snapshot, instruction, vertex, done));
            } else if (step instanceof FilesystemStep.Mkdir mkdir) {
                copier.mkdir(snapshot.root(), mkdir);
            } else if (step instanceof FilesystemStep.Copy copy) {
                copier.copy(snapshot.root(), copy, inputs);
            }
            // BuildKit gives every RUN, COPY, ADD and WORKDIR a layer, an empty one when nothing
            // changed, so the image has the same layers and history as BuildKit's
            return Optional.of(snapshot.commit(options.layers(), stubs));
        }
    }

    // A RUN step writes in place, in a private copy or a root the sandbox mounts (overlay); the
    // JVM's own steps replace files rather than write into them, so theirs may share inodes.
    private MutableSnapshot prepare(FilesystemStep step, List<LayerBlob> layers) {
        if (!(step instanceof FilesystemStep.Run)) {
            return snapshots.prepareLinked(layers);
        }
        return sandbox.get().mountsOverlay() ? snapshots.prepareMounted(layers) : snapshots.prepare(layers);
    }

    private Set<String> execute(FilesystemStep.Run run, MutableSnapshot snapshot, PlannedInstruction instruction,
            int vertex, Map<Integer, CompletableFuture<StageResult>> done) {
        List<MutableSnapshot> opened = new ArrayList<>();
        try {
            return execute(run, snapshot, instruction, vertex, mounts.prepare(run.mounts(), done, opened));
        } catch (IllegalArgumentException e) {
            throw new BuildException(instruction.origin().range(), instruction.display(), e.getMessage());
        } finally {
            opened.forEach(MutableSnapshot::close);
        }
    }

    private Set<String> execute(FilesystemStep.Run run, MutableSnapshot snapshot, PlannedInstruction instruction,
            int vertex, RunMounts.StepMounts extraMounts) {
        ExecSpec spec = ExecSpec.of(snapshot.mount(), run.argv()).withEnv(run.env()).withWorkdir(run.workdir())
                .withUser(run.user()).withNetwork(network(run.network())).withMounts(extraMounts.mounts())
                .withSecretEnv(extraMounts.secretEnv())
                .withOutput(OutputSink.lines((channel, line) -> progress.on(new BuildEvent.Output(vertex, line))));
        ExecResult result;
        try {
            result = sandbox.get().run(spec);
        } catch (SandboxException e) {
            throw new BuildException(instruction.origin().range(), instruction.display(), e.getMessage(), "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildCanceledException(instruction.display(), e);
        }
        if (!result.succeeded()) {
            throw new BuildException(instruction.origin().range(), instruction.display(),
                    "process \"" + String.join(" ", run.argv()) + "\" did not complete successfully: exit code: "
                            + result.exitCode(), result.outputTail(), null);
        }
        Set<String> stubs = new HashSet<>();
        for (MountStub stub : result.mountStubs()) {
            stubs.add(stub.path());
        }
        return stubs;
    }

    private NetworkMode network(dev.jbuild.grammar.instruction.NetworkMode mode) {
        NetworkMode chosen = NetworkMode.valueOf(mode.name().toUpperCase(Locale.ROOT));
        return chosen == NetworkMode.DEFAULT ? options.network() : chosen;
    }

    /** What a step's cache key is made of, by name, in a fixed order. */
    private static Map<String, List<String>> keyFields(CacheKey parent, FilesystemStep step, CopyInputs inputs,
            List<String> mountKey) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("parent", List.of(parent.toString()));
        if (step instanceof FilesystemStep.Run run) {
            fields.put("kind", List.of("run"));
            fields.put("argv", run.argv());
            fields.put("env", run.env());
            fields.put("workdir", List.of(run.workdir()));
            fields.put("user", List.of(run.user()));
            fields.put("network", List.of(run.network().name()));
            fields.put("mounts", mountKey);
        } else if (step instanceof FilesystemStep.Mkdir mkdir) {
            fields.put("kind", List.of("mkdir"));
            fields.put("path", List.of(mkdir.path()));
            fields.put("user", List.of(mkdir.user()));
        } else {
            FilesystemStep.Copy copy = (FilesystemStep.Copy) step;
            fields.put("kind", List.of(copy.add() ? "add" : "copy"));
            fields.put("sources", copy.sources());
            fields.put("destination", List.of(copy.destination()));
            fields.put("chown", List.of(copy.chown().orElse("")));
            fields.put("chmod", List.of(copy.chmod().orElse("")));
            fields.put("excludes", copy.excludes());
            fields.put("heredocs", copy.heredocs().stream().map(h -> h.name() + "\u0000" + h.content()).toList());
            if (copy.add()) {
                fields.put("keep-git-dir", List.of(copy.keepGitDir().map(String::valueOf).orElse("unset")));
                fields.put("unpack", List.of(copy.unpack().map(String::valueOf).orElse("unset")));
            }
            fields.put("inputs", List.of(inputs.checksum()));
        }
        return fields;
    }

    private static CacheKey key(Map<String, List<String>> fields) {
        CacheKey.Builder builder = CacheKey.builder(fields.get("kind").get(0));
        fields.forEach(builder::add);
        return builder.build();
    }

    private static StageResult with(StageResult state, Optional<LayerBlob> layer, History entry, CacheKey key,
            Optional<CacheEntry> record) {
        List<LayerBlob> layers = new ArrayList<>(state.layers());
        layer.ifPresent(layers::add);
        List<History> history = new ArrayList<>(state.history());
        history.add(entry);
        List<CacheEntry> cache = new ArrayList<>(state.cache());
        record.ifPresent(cache::add);
        return new StageResult(layers, history, key, cache);
    }

    /**
     * A history entry dated as BuildKit dates it: with SOURCE_DATE_EPOCH, that; else a layer by
     * when its step ran (its cache record's time, so an unchanged rebuild gives the same image),
     * and a config-only step not at all, left for {@link dev.jbuild.core.export.HistoryDates} to fill.
     */
    private History history(Optional<Instant> layerMade, String createdBy, boolean empty) {
        Instant epoch = options.layers().sourceDateEpoch();
        String created = epoch != null ? DateTimeFormatter.ISO_INSTANT.format(epoch)
                : layerMade.map(DateTimeFormatter.ISO_INSTANT::format).orElse(null);
        return new History(created, createdBy, null, "buildkit.dockerfile.v0", empty ? Boolean.TRUE : null, null);
    }

    // A step that stops because its thread was interrupted was canceled, whatever exception the interrupt surfaced as.
    private static BuildEvent failure(int vertex, RuntimeException e) {
        boolean canceled = Thread.currentThread().isInterrupted();
        for (Throwable t = e; t != null && !canceled; t = t.getCause()) {
            canceled = t instanceof BuildCanceledException || t instanceof InterruptedException
                    || t instanceof java.nio.channels.ClosedByInterruptException;
        }
        return canceled ? new BuildEvent.Canceled(vertex) : new BuildEvent.Failed(vertex, e.getMessage());
    }

    private int announce(String name) {
        int vertex = vertices.incrementAndGet();
        progress.on(new BuildEvent.Started(vertex, name));
        return vertex;
    }

    private void finish(int vertex, long startNanos) {
        progress.on(new BuildEvent.Done(vertex, Duration.ofNanos(System.nanoTime() - startNanos)));
    }
}
