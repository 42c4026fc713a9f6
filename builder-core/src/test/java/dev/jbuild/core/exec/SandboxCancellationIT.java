package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Interrupting the thread that runs a step, or its timeout, kills the step's whole process tree. */
class SandboxCancellationIT {

    private static final String ALL = "dev.jbuild.core.exec.SandboxKinds#all";

    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void createRootfs() throws Exception {
        root = BusyboxRootfs.create(temp.resolve("root"));
    }

    /** A sleep whose argument no other process on the host has, so leftovers can be found. */
    private static String uniqueSleep() {
        return "sleep " + (100000 + ThreadLocalRandom.current().nextInt(800000));
    }

    private static boolean anyProcessRuns(String commandLine) {
        return ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().commandLine().map(c -> c.contains(commandLine)).orElse(false)
                        || p.info().arguments().map(a -> String.join(" ", a).contains(commandLine.substring(6)))
                        .orElse(false));
    }

    private static boolean gone(String commandLine, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!anyProcessRuns(commandLine)) {
                return true;
            }
            Thread.sleep(20);
        }
        return !anyProcessRuns(commandLine);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void interruptKillsTheWholeProcessTreeWithinASecond(Sandbox sandbox) throws Exception {
        String sleep = uniqueSleep();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        ExecSpec spec = ExecSpec.shell(root, "(" + sleep + ") & " + sleep + " & echo started; wait")
                .withOutput(OutputSink.lines((channel, line) -> started.countDown()));
        Thread runner = new Thread(() -> {
            try {
                sandbox.run(spec);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        runner.start();
        assertTrue(started.await(30, TimeUnit.SECONDS), "the step started");
        assertTrue(anyProcessRuns(sleep), "the sleeps run on the host, visible from outside");

        long interrupted = System.nanoTime();
        runner.interrupt();
        Throwable thrown = outcome.get(5, TimeUnit.SECONDS);

        assertInstanceOf(InterruptedException.class, thrown);
        assertTrue(gone(sleep, Duration.ofSeconds(1)), "no " + sleep + " left");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted);
        assertTrue(millis < 1000, "took " + millis + " ms");
        assertFalse(Files.exists(root.resolve("etc/hosts")), "mount stubs are removed after a cancelled step too");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void timeoutKillsTheStepAndKeepsItsOutput(Sandbox sandbox) throws Exception {
        String sleep = uniqueSleep();

        SandboxTimeoutException timeout = assertThrows(SandboxTimeoutException.class, () -> sandbox.run(
                ExecSpec.shell(root, "echo before the hang; " + sleep).withTimeout(Duration.ofMillis(700))));

        assertEquals(Duration.ofMillis(700), timeout.timeout());
        assertEquals("before the hang\n", timeout.outputTail());
        assertTrue(timeout.getMessage().contains("timed out"), timeout.getMessage());
        assertTrue(gone(sleep, Duration.ofSeconds(1)), "no " + sleep + " left");
        assertEquals(List.of(), List.of(root.resolve("etc/hosts")).stream().filter(Files::exists).toList());
    }
}
