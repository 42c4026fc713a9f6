package dev.jbuild.core.solve;

import dev.jbuild.core.op.RunDefaults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.index.CacheChain;
import dev.jbuild.cache.index.CacheIndex;
import dev.jbuild.cache.index.KeyHistory;
import dev.jbuild.core.context.ChecksumMemo;
import dev.jbuild.core.context.FileChecksum;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.op.OpFactory;
import dev.jbuild.core.op.StepCopier;
import dev.jbuild.core.plan.BuildArguments;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.plan.BuildPlan;
import dev.jbuild.core.plan.Planner;
import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileParser;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on its own: a scripted sandbox and a directory snapshotter stand in for the
 * real ones, so these tests need no root, no namespace and no process, and the plans are
 * planned from Dockerfile text as in a build.
 */
class SolverTest {

    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    Path data;

    private final ScriptedSandbox sandbox = new ScriptedSandbox();
    private final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());
    private DirectorySnapshotter snapshots;
    private Solver solver;

    @Test
    void independentStagesRunAtTheSameTime() throws Exception {
        Solver.SolvedStage solved = solve("""
                FROM scratch AS a
                RUN ["meet", "a"]
                FROM scratch AS b
                RUN ["meet", "b"]
                FROM scratch
                COPY --from=a /a /a
                COPY --from=b /b /b
                """, false, 2);
        assertEquals(2, sandbox.mostAtOnce());
        Path tree = snapshots.tree(solved.layers().get(1));
        assertTrue(Files.exists(tree.resolve("a")) && Files.exists(tree.resolve("b")), tree.toString());
    }

    @Test
    void aStepWaitsForTheStageItCopiesFromButNotTheStepsBeforeIt() throws Exception {
        // a's RUN waits for the target's first RUN: had the target waited for all of a, it would time out
        Solver.SolvedStage solved = solve("""
                FROM scratch AS a
                RUN ["await", "early"]
                RUN ["write", "a"]
                FROM scratch
                RUN ["signal", "early"]
                COPY --from=a /a /copied
                """, false, 2);
        int writeDone = doneIndex("[a 2/2] RUN [\"write\", \"a\"]");
        int copyStarted = startedIndex("[stage-1 2/2] COPY --from=a /a /copied");
        assertTrue(writeDone < copyStarted, events.toString());
        assertTrue(Files.exists(snapshots.tree(solved.layers().get(1)).resolve("copied")));
        assertEquals(4, solver.stepsRun());
    }

    @Test
    void theFirstFailureCancelsTheStepsStillRunning() {
        BuildException e = assertThrows(BuildException.class, () -> solve("""
                FROM scratch AS a
                RUN ["block"]
                FROM scratch AS b
                RUN ["fail"]
                FROM scratch
                COPY --from=a /block /a
                COPY --from=b /fail /b
                """, false, 2));
        assertEquals("process \"fail\" did not complete successfully: exit code: 1", e.getMessage());
        assertEquals("it broke\n", e.outputTail());
        assertEquals(4, e.range().orElseThrow().startLine(), "the failure names the RUN's line");
        assertEquals(1, sandbox.interrupted(), "the blocked step was interrupted");
        int failing = vertex("[b 1/1] RUN [\"fail\"]");
        int blocked = vertex("[a 1/1] RUN [\"block\"]");
        assertTrue(events.contains(new BuildEvent.Failed(failing, e.getMessage())), events.toString());
        assertTrue(events.contains(new BuildEvent.Canceled(blocked)), events.toString());
        assertFalse(events.stream().anyMatch(ev -> ev instanceof BuildEvent.Started s && s.name().contains("COPY")),
                "steps after the failure never start: " + events);
    }

    @Test
    void identicalStepsRunOnceAndTheSecondShowsCached() throws Exception {
        // without the cache only single-flight can spare the second run
        solve("""
                FROM scratch AS a
                RUN ["write", "shared"]
                RUN ["write", "a"]
                FROM scratch AS b
                RUN ["write", "shared"]
                RUN ["write", "b"]
                FROM scratch
                COPY --from=a /a /a
                COPY --from=b /b /b
                """, true, 2);
        assertEquals(1, sandbox.runs(List.of("write", "shared")));
        assertEquals(3, sandbox.runs());
        int first = vertex("[a 1/2] RUN [\"write\", \"shared\"]");
        int second = vertex("[b 1/2] RUN [\"write\", \"shared\"]");
        long cached = events.stream().filter(ev -> ev.equals(new BuildEvent.Cached(first))
                || ev.equals(new BuildEvent.Cached(second))).count();
        assertEquals(1, cached, events.toString());
        assertEquals(5, solver.stepsRun());
    }

    @Test
    void aCacheHitShowsCachedAndDoesNotRun() throws Exception {
        String dockerfile = """
                FROM scratch
                RUN ["write", "x"]
                USER 0
                WORKDIR /srv
                COPY <<EOF /srv/note
                hello
                EOF
                """;
        Solver.SolvedStage first = solve(dockerfile, false, 1);
        events.clear();
        Solver.SolvedStage second = solve(dockerfile, false, 1);
        assertEquals(1, sandbox.runs());
        assertEquals(0, solver.stepsRun());
        assertEquals(first.layers(), second.layers());
        for (String name : List.of("[1/3] RUN [\"write\", \"x\"]", "[2/3] WORKDIR /srv", "[3/3] COPY <<EOF /srv/note")) {
            int vertex = vertex(name);
            assertTrue(events.contains(new BuildEvent.Cached(vertex)), name + ": " + events);
            assertFalse(events.stream().anyMatch(ev -> ev instanceof BuildEvent.Done d && d.vertex() == vertex), name);
        }
    }

    @Test
    void theSecondBuildRunsWhatTheNoCacheOptionCovers() throws Exception {
        String dockerfile = "FROM scratch\nRUN [\"write\", \"x\"]\n";
        solve(dockerfile, false, 1);
        solve(dockerfile, true, 1);
        assertEquals(2, sandbox.runs());
    }

    private Solver.SolvedStage solve(String dockerfile, boolean noCache, int parallel) throws Exception {
        BlobStore blobs = new BlobStore(data.resolve("blobs"));
        snapshots = new DirectorySnapshotter(data.resolve("snapshots"), blobs);
        StepCopier copier = new StepCopier(null, Map.of(), null, snapshots, new FileChecksum(ChecksumMemo.inMemory()),
                null, OwnerMapping.IDENTITY);
        OpFactory ops = new OpFactory(copier, snapshots, () -> sandbox, data.resolve("cache-mounts"), Map.of(),
                id -> Optional.empty(), RunDefaults.NONE);
        SolveOptions options = new SolveOptions(noCache, LayerWriter.Options.defaults(), AMD64, parallel,
                NetworkMode.DEFAULT, false, "test", Set.of());
        solver = new Solver(null, CacheChain.localOnly(new CacheIndex(data, blobs)), ops, new KeyHistory(data),
                events::add, new AtomicInteger(), options);
        return solver.solve(plan(dockerfile));
    }

    private static BuildPlan plan(String text) throws Exception {
        Dockerfile dockerfile = new DockerfileParser("Dockerfile").parse(text);
        return new Planner(DockerfileCheck.run(dockerfile).definition(), dockerfile.escape(),
                new BuildArguments(Map.of(), AMD64, AMD64), reference -> {
                    throw new AssertionError("no image in these plans: " + reference);
                }).plan(Optional.empty());
    }

    private int vertex(String name) {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof BuildEvent.Started s && s.name().equals(name))
                    .map(e -> ((BuildEvent.Started) e).vertex()).findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + name + " in " + events));
        }
    }

    private int startedIndex(String name) {
        int vertex = vertex(name);
        return events.indexOf(events.stream().filter(e -> e instanceof BuildEvent.Started s && s.vertex() == vertex)
                .findFirst().orElseThrow());
    }

    private int doneIndex(String name) {
        int vertex = vertex(name);
        return events.indexOf(events.stream().filter(e -> e instanceof BuildEvent.Done d && d.vertex() == vertex)
                .findFirst().orElseThrow(() -> new AssertionError(name + " never done: " + events)));
    }
}
