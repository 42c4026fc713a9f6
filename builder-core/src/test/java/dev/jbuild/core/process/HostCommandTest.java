package dev.jbuild.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: sh, sleep, head and cat from the host. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostCommandTest {

    @TempDir
    Path temp;

    private static HostCommand sh(String script, Duration timeout) {
        return new HostCommand(List.of("sh", "-c", script), timeout);
    }

    /** The pids of the sleeps a script started, which it wrote to a file before sleeping itself. */
    private static List<Long> pids(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }

    private static void assertGone(long pid) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(20);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertFalse(handle.isPresent() && handle.get().isAlive(), "process " + pid + " is still alive");
    }

    @Test
    void aHungChildTimesOutInAboutASecondAndIsGoneWithItsGrandchild() throws Exception {
        Path pids = temp.resolve("pids");
        HostCommand command = sh("sleep 60 & echo $! > " + pids + "; echo $$ >> " + pids + "; sleep 60",
                Duration.ofSeconds(1));
        long start = System.nanoTime();
        HostCommandException e = assertThrows(HostCommandException.class, command::run);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HostCommandException.Reason.TIMED_OUT, e.reason());
        assertTrue(elapsedMillis < 5_000, "took " + elapsedMillis + " ms");
        assertTrue(e.getMessage().contains("sleep 60") && e.getMessage().contains("within 1 s"), e.getMessage());
        List<Long> started = pids(pids);
        assertEquals(2, started.size());
        for (long pid : started) {
            assertGone(pid);
        }
    }

    @Test
    void aChildWritingTenMegabytesDoesNotDeadlock() throws Exception {
        HostCommand.Result result = sh("head -c 10485760 /dev/zero; echo done >&2", Duration.ofSeconds(30)).check();
        assertEquals(0, result.exitCode());
        assertEquals(HostCommand.KEPT_BYTES, result.stdout().length);
        assertEquals("done\n", result.stderrText());
    }

    @Test
    void aNonZeroExitReportsItsStatusAndOutputTail() {
        HostCommandException e = assertThrows(HostCommandException.class,
                () -> sh("seq 1 5000; echo 'no such key' >&2; exit 3", Duration.ofSeconds(30)).check());
        assertEquals(HostCommandException.Reason.FAILED, e.reason());
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("no such key"), e.getMessage());
        assertTrue(e.getMessage().endsWith("5000"), e.getMessage());
        assertEquals(3, e.result().exitCode());
    }

    @Test
    void stdinEnvironmentAndDirectoryReachTheChild() throws Exception {
        HostCommand.Result result = sh("cat; echo \" $GREETING\"; pwd; echo \"[$HOME]\"", Duration.ofSeconds(30))
                .withStdin("from stdin".getBytes(StandardCharsets.UTF_8))
                .withEnvironment("GREETING", "hello")
                .withEnvironment("HOME", null)
                .withDirectory(temp)
                .check();
        assertEquals("from stdin hello\n" + temp.toRealPath() + "\n[]\n", result.stdoutText());
    }

    @Test
    void withoutStdinTheChildReadsEndOfFileAtOnce() throws Exception {
        assertEquals("", sh("cat", Duration.ofSeconds(5)).check().stdoutText());
    }

    @Test
    void interruptingTheCallerKillsTheChild() throws Exception {
        Path pids = temp.resolve("pids");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                sh("echo $$ > " + pids + "; sleep 60", Duration.ofSeconds(60)).run();
            } catch (Throwable e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until && (!Files.exists(pids) || Files.size(pids) == 0)) {
            Thread.sleep(20);
        }
        caller.interrupt();
        caller.join(10_000);
        assertTrue(thrown.get() instanceof HostCommandException, String.valueOf(thrown.get()));
        assertEquals(HostCommandException.Reason.INTERRUPTED, ((HostCommandException) thrown.get()).reason());
        assertTrue(flagKept.get());
        assertGone(pids(pids).get(0));
    }

    @Test
    void aMissingProgramIsNamedInTheError() {
        HostCommandException e = assertThrows(HostCommandException.class,
                () -> new HostCommand(List.of("/nonexistent/docker-credential-x", "get"), Duration.ofSeconds(5)).run());
        assertEquals(HostCommandException.Reason.NOT_STARTED, e.reason());
        assertTrue(e.getMessage().contains("/nonexistent/docker-credential-x get"), e.getMessage());
    }
}
