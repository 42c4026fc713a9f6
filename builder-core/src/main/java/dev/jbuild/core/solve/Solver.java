package dev.jbuild.core.solve;

import dev.jbuild.cache.index.CacheChain;
import dev.jbuild.cache.index.CacheEntry;
import dev.jbuild.cache.index.KeyHistory;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.op.OpFactory;
import dev.jbuild.core.op.StageResults;
import dev.jbuild.core.error.BuildCanceledException;
import dev.jbuild.core.plan.BuildPlan;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.plan.PlannedInstruction;
import dev.jbuild.core.plan.PlannedStage;
import dev.jbuild.core.plan.StageBase;
import dev.jbuild.core.progress.ProgressListener;
import dev.jbuild.core.source.image.ImageSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a build plan as a graph: a stage's base and each of its filesystem steps is a vertex that
 * starts once the vertex before it and every stage it reads ({@code COPY --from},
 * {@code RUN --mount from=}) are solved, on a bounded pool, so independent work runs in
 * parallel. What a vertex does is {@link StepSolver}'s (cache, single-flight, events) and its
 * op's; the first failure cancels the rest and is reported with its instruction.
 */
public final class Solver {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final SolveOptions options;
    private final AtomicInteger stepsRun = new AtomicInteger();
    private final Supplier<StepSolver> steps;

    /**
     * A solver whose every stage's ops are the same, for plans with no stage of another platform.
     *
     * @param ops turns the plan's filesystem steps into ops
     * @param vertices numbers the steps; shared with the steps shown around the solve (cache import, export)
     */
    public Solver(ImageSource images, CacheChain cache, OpFactory ops, KeyHistory keyHistory,
            ProgressListener progress, AtomicInteger vertices, SolveOptions options) {
        this(images, cache, platform -> ops, keyHistory, progress, vertices, options);
    }

    /**
     * @param ops the ops of each platform's stages: the target's, and that of a stage whose
     *     {@code FROM --platform} names another (its RUN steps run as that platform)
     * @param vertices numbers the steps; shared with the steps shown around the solve (cache import, export)
     */
    public Solver(ImageSource images, CacheChain cache, Function<Platform, OpFactory> ops, KeyHistory keyHistory,
            ProgressListener progress, AtomicInteger vertices, SolveOptions options) {
        this.options = options;
        // one per solve: identical vertices run once within a build
        this.steps = () -> new StepSolver(images, cache, ops, keyHistory, progress, vertices, stepsRun, options);
    }

    /**
     * Solves the plan and returns the target stage's layers and history. Interrupting the
     * calling thread cancels the build: the running steps are interrupted (which kills their
     * sandboxes and removes their snapshots), this waits a bounded time for them to finish
     * cleaning up, and throws {@link BuildCanceledException}.
     */
    public SolvedStage solve(BuildPlan plan) {
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelStages());
        StepSolver steps = this.steps.get();
        Map<Integer, CompletableFuture<StageResult>> stages = new HashMap<>();
        List<CompletableFuture<StageResult>> scheduled = new ArrayList<>();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        try {
            for (PlannedStage stage : plan.ordered()) {
                CompletableFuture<StageResult> last = schedule(stage, plan, stages, steps, pool, scheduled);
                last.whenComplete((result, failure) -> {
                    if (failure != null) {
                        outcome.completeExceptionally(unwrap(failure));
                    }
                });
                stages.put(stage.index(), last);
            }
            CompletableFuture.allOf(stages.values().toArray(CompletableFuture[]::new))
                    .thenRun(() -> outcome.complete(null));
            await(outcome);
            StageResult target = stages.get(plan.target()).join();
            List<CacheEntry> all = new ArrayList<>();
            for (PlannedStage stage : plan.ordered()) {
                all.addAll(stages.get(stage.index()).join().cache());
            }
            return new SolvedStage(target.layers(), target.history(), target.cache(), all);
        } catch (RuntimeException e) {
            scheduled.forEach(f -> f.cancel(true));
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

    // The stage's vertices chained in order; each filesystem step also waits for the stages it reads.
    // Stages come in index order, so every stage a step reads is scheduled already.
    private CompletableFuture<StageResult> schedule(PlannedStage stage, BuildPlan plan,
            Map<Integer, CompletableFuture<StageResult>> stages, StepSolver steps, ExecutorService pool,
            List<CompletableFuture<StageResult>> scheduled) {
        Platform platform = stage.platform().orElse(options.platform());
        boolean fromImage = stage.base() instanceof StageBase.Image;
        int total = (fromImage ? 1 : 0) + (int) stage.instructions().stream().filter(i -> i.step().isPresent()).count();
        CompletableFuture<StageResult> state = base(stage, platform, stages, steps, pool,
                prefix(stage, plan, 1, total, platformLabel(platform)) + "FROM ");
        scheduled.add(state);
        boolean useCache = !options.noCache() && !options.noCacheStages().contains(stage.index());
        int number = fromImage ? 1 : 0;
        for (int i = 0; i < stage.instructions().size(); i++) {
            PlannedInstruction instruction = stage.instructions().get(i);
            String identity = options.buildIdentity() + "|" + stage.index() + "|" + i;
            CompletableFuture<StageResult> previous = state;
            if (instruction.step().isEmpty()) {
                state = previous.thenApply(s -> steps.step(s, instruction, "", identity, useCache, none(), platform));
            } else {
                number++;
                String name = prefix(stage, plan, number, total, platformLabel(platform)) + instruction.display();
                Map<Integer, CompletableFuture<StageResult>> read = read(instruction.step().get(), stages);
                List<CompletableFuture<StageResult>> waits = new ArrayList<>(read.values());
                waits.add(previous);
                state = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).thenApplyAsync(
                        ignored -> steps.step(previous.join(), instruction, name, identity, useCache, results(read),
                                platform),
                        pool);
            }
            scheduled.add(state);
        }
        return state;
    }

    private static CompletableFuture<StageResult> base(PlannedStage stage, Platform platform,
            Map<Integer, CompletableFuture<StageResult>> stages, StepSolver steps, ExecutorService pool, String name) {
        if (stage.base() instanceof StageBase.Stage s) {
            return stages.get(s.index());
        }
        if (stage.base() instanceof StageBase.Image image) {
            return CompletableFuture.supplyAsync(() -> steps.image(image, platform, name + image.reference()), pool);
        }
        return CompletableFuture.completedFuture(StageResult.SCRATCH);
    }

    private static Map<Integer, CompletableFuture<StageResult>> read(FilesystemStep step,
            Map<Integer, CompletableFuture<StageResult>> stages) {
        Map<Integer, CompletableFuture<StageResult>> read = new HashMap<>();
        for (int index : step.stagesRead()) {
            read.put(index, stages.get(index));
        }
        return Map.copyOf(read);
    }

    // Called only once every future in read is done, so join() returns at once.
    private static StageResults results(Map<Integer, CompletableFuture<StageResult>> read) {
        return index -> {
            CompletableFuture<StageResult> stage = read.get(index);
            if (stage == null) {
                throw new IllegalStateException("stage " + index + " is read but not among the step's inputs");
            }
            return stage.join().filesystem();
        };
    }

    private static StageResults none() {
        return results(Map.of());
    }

    // Steps are named as BuildKit names them: FROM an image and each filesystem step count, the
    // number is padded to the width of the total, and a Dockerfile of one stage leaves its name out.
    private static String prefix(PlannedStage stage, BuildPlan plan, int number, int total, String platform) {
        String label = platform + (plan.stageCount() == 1 ? "" : stage.name().orElse("stage-" + stage.index()) + " ");
        int width = String.valueOf(total).length();
        return "[" + label + String.format(Locale.ROOT, "%" + width + "d/%d] ", number, total);
    }

    // BuildKit's: the stage's platform, and for a stage of another (FROM --platform) the target's after "->"
    private String platformLabel(Platform stage) {
        if (!options.platformInNames()) {
            return "";
        }
        Platform target = options.platform();
        if (stage.equals(target)) {
            return stage + " ";
        }
        String arch = target.architecture() + (target.variant() == null ? "" : "/" + target.variant());
        return stage + "->" + (stage.os().equals(target.os()) ? arch : target.toString()) + " ";
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    // get(), not join(): join() cannot be interrupted, and an interrupt is how a build is canceled.
    // The interrupt becomes the exception; the flag stays clear so that the cleanup after it can wait and do I/O.
    private static void await(CompletableFuture<Void> outcome) {
        try {
            outcome.get();
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
}
