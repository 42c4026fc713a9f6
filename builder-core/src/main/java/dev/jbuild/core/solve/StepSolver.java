package dev.jbuild.core.solve;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.index.CacheChain;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.CacheKey;
import dev.jbuild.cache.index.CacheRecord;
import dev.jbuild.cache.index.CachedLayer;
import dev.jbuild.cache.index.KeyHistory;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.op.Op;
import dev.jbuild.core.op.OpException;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.op.OpFactory;
import dev.jbuild.core.op.StageResults;
import dev.jbuild.core.error.BuildCanceledException;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.plan.PlannedInstruction;
import dev.jbuild.core.plan.StageBase;
import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.ProgressListener;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.source.image.ImageSource;
import dev.jbuild.core.source.image.ResolvedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Solves one vertex of a build, on whichever thread the scheduler gives it: a base image is
 * resolved; a filesystem step becomes its op, whose key is looked up in the cache, and only a
 * miss runs and is recorded. Vertices with the same key run once per build: the first leads and
 * the others wait for its result and show as cached, as BuildKit shows identical vertices once.
 * Every vertex reports its events (started, cached, output, done, failed or canceled).
 */
final class StepSolver {

    private final ImageSource images;
    private final CacheChain cache;
    private final Function<Platform, OpFactory> ops;
    private final KeyHistory keyHistory;
    private final ProgressListener progress;
    private final AtomicInteger vertices;
    private final AtomicInteger stepsRun;
    private final SolveOptions options;
    private final Map<String, CompletableFuture<CacheRecord>> flights = new ConcurrentHashMap<>();

    StepSolver(ImageSource images, CacheChain cache, Function<Platform, OpFactory> ops, KeyHistory keyHistory,
            ProgressListener progress,
            AtomicInteger vertices, AtomicInteger stepsRun, SolveOptions options) {
        this.images = images;
        this.cache = cache;
        this.ops = ops;
        this.keyHistory = keyHistory;
        this.progress = progress;
        this.vertices = vertices;
        this.stepsRun = stepsRun;
        this.options = options;
    }

    /** {@code FROM image}: the image's layers and history, keyed by its manifest digest. */
    StageResult image(StageBase.Image image, Platform platform, String name) {
        int vertex = announce(name);
        long start = System.nanoTime();
        ResolvedImage resolved;
        try {
            resolved = images.forPlatform(platform).resolve(image.reference());
        } catch (RuntimeException e) {
            progress.on(failure(vertex, e));
            throw e;
        }
        finish(vertex, start);
        return new StageResult(layersOf(resolved), historyOf(resolved.config()),
                CacheKey.builder("image").add("manifest", resolved.manifest().digest().toString()).build(), List.of());
    }

    /**
     * The stage after one more instruction: a config-only one adds history; a filesystem step
     * adds its layer, from the cache, from an identical vertex of this build, or by running.
     *
     * @param identity names the step across builds, for {@code --explain-cache}
     */
    StageResult step(StageResult state, PlannedInstruction instruction, String name, String identity, boolean useCache,
            StageResults stages, Platform platform) {
        if (instruction.step().isEmpty()) {
            return instruction.createdBy()
                    .map(text -> with(state, Optional.empty(), history(Optional.empty(), text, true), state.key(),
                            Optional.empty()))
                    .orElse(state);
        }
        int vertex = announce(name);
        Op op;
        Map<String, List<String>> fields;
        CacheKey key;
        try {
            op = ops.apply(platform).of(instruction.step().get(), stages);
            fields = keyFields(state.key(), op);
            key = key(fields);
        } catch (RuntimeException e) {
            // a missing source, a bad pattern: the instruction's fault, reported at its line
            throw failed(vertex, instruction, e);
        }
        // a step that must not use the cache must not take a cached result through another vertex either
        CompletableFuture<CacheRecord> flight = new CompletableFuture<>();
        CompletableFuture<CacheRecord> leader = flights.putIfAbsent(key + (useCache ? "" : "|no-cache"), flight);
        if (leader != null) {
            CacheRecord shared = follow(leader, vertex, instruction);
            return cached(state, instruction, vertex, identity, fields, key, shared);
        }
        try {
            Optional<CacheRecord> hit = useCache ? cache.lookup(key) : Optional.empty();
            CacheRecord record = hit.isPresent() ? hit.get() : run(op, state, instruction, vertex, identity, fields, key);
            flight.complete(record);
            return hit.isPresent() ? cached(state, instruction, vertex, identity, fields, key, record)
                    : advance(state, instruction, key, record);
        } catch (RuntimeException e) {
            flight.completeExceptionally(e);
            throw e;
        }
    }

    // The leader's failure is the build's; this vertex only stops, and rethrows that same failure.
    private CacheRecord follow(CompletableFuture<CacheRecord> leader, int vertex, PlannedInstruction instruction) {
        try {
            return leader.get();
        } catch (InterruptedException e) {
            progress.on(new BuildEvent.Canceled(vertex));
            throw new BuildCanceledException(instruction.display(), e);
        } catch (ExecutionException e) {
            progress.on(new BuildEvent.Canceled(vertex));
            throw e.getCause() instanceof RuntimeException r ? r
                    : new BuildCanceledException(instruction.display(), e.getCause());
        }
    }

    private StageResult cached(StageResult state, PlannedInstruction instruction, int vertex, String identity,
            Map<String, List<String>> fields, CacheKey key, CacheRecord record) {
        keyHistory.record(identity, fields);
        progress.on(new BuildEvent.Cached(vertex));
        return advance(state, instruction, key, record);
    }

    private CacheRecord run(Op op, StageResult state, PlannedInstruction instruction, int vertex, String identity,
            Map<String, List<String>> fields, CacheKey key) {
        long start = System.nanoTime();
        if (options.explainMisses()) {
            progress.on(new BuildEvent.Output(vertex, keyHistory.explainMiss(identity, fields)));
        }
        LayerBlob layer;
        try (MutableSnapshot snapshot = op.prepare(state.layers())) {
            Set<String> stubs = op.execute(snapshot, line -> progress.on(new BuildEvent.Output(vertex, line)));
            // BuildKit gives every RUN, COPY, ADD and WORKDIR a layer, an empty one when nothing
            // changed, so the image has the same layers and history as BuildKit's
            layer = snapshot.commit(options.layers(), stubs);
        } catch (RuntimeException e) {
            throw failed(vertex, instruction, e);
        }
        CacheRecord made = CacheRecord.of(new CachedLayer(layer.digest(), layer.diffId(), layer.size(),
                layer.mediaType(), Optional.of(Instant.now())));
        cache.record(key, made);
        keyHistory.record(identity, fields);
        stepsRun.incrementAndGet();
        finish(vertex, start);
        return made;
    }

    /** What a step's cache key is made of, by name, in a fixed order: its parent's key, then its op's fields. */
    private static Map<String, List<String>> keyFields(CacheKey parent, Op op) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("parent", List.of(parent.toString()));
        fields.putAll(op.keyFields());
        return fields;
    }

    private static CacheKey key(Map<String, List<String>> fields) {
        CacheKey.Builder builder = CacheKey.builder(fields.get("kind").get(0));
        fields.forEach(builder::add);
        return builder.build();
    }

    // A layer is dated by when its step ran (its cache record's time), so an unchanged rebuild gives the same image.
    private StageResult advance(StageResult state, PlannedInstruction instruction, CacheKey key, CacheRecord record) {
        Optional<LayerBlob> layer = record.layer().map(l -> new LayerBlob(l.digest(), l.diffId(), l.size(), l.mediaType()));
        Optional<Instant> made = record.layer().flatMap(CachedLayer::created).or(() -> Optional.of(Instant.now()));
        return with(state, layer, history(made, instruction.createdBy().orElseThrow(), layer.isEmpty()), key,
                Optional.of(new CacheEntry(key, record)));
    }

    private static StageResult with(StageResult state, Optional<LayerBlob> layer, History entry, CacheKey key,
            Optional<CacheEntry> record) {
        List<LayerBlob> layers = new ArrayList<>(state.layers());
        layer.ifPresent(layers::add);
        List<History> history = new ArrayList<>(state.history());
        history.add(entry);
        List<CacheEntry> entries = new ArrayList<>(state.cache());
        record.ifPresent(entries::add);
        return new StageResult(layers, history, key, entries);
    }

    /**
     * A history entry dated as BuildKit dates it: with SOURCE_DATE_EPOCH, that; else a layer by
     * when its step ran, and a config-only step not at all, left for
     * {@link dev.jbuild.core.export.HistoryDates} to fill.
     */
    private History history(Optional<Instant> layerMade, String createdBy, boolean empty) {
        Instant epoch = options.layers().sourceDateEpoch();
        String created = epoch != null ? DateTimeFormatter.ISO_INSTANT.format(epoch)
                : layerMade.map(DateTimeFormatter.ISO_INSTANT::format).orElse(null);
        return new History(created, createdBy, null, "buildkit.dockerfile.v0", empty ? Boolean.TRUE : null, null);
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

    // Reports the failure on the vertex and gives the exception the build throws: the
    // instruction's, at its line, unless it already is one.
    private RuntimeException failed(int vertex, PlannedInstruction instruction, RuntimeException e) {
        BuildEvent event = failure(vertex, e);
        progress.on(event);
        if (e instanceof BuildException b) {
            return b;
        }
        if (event instanceof BuildEvent.Canceled) {
            return new BuildCanceledException(instruction.display(), e);
        }
        String tail = e instanceof OpException failure ? failure.outputTail() : "";
        return new BuildException(instruction.origin().range(), instruction.display(), e.getMessage(), tail, e);
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
