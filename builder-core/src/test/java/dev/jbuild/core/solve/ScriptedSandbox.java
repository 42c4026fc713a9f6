package dev.jbuild.core.solve;

import dev.jbuild.core.exec.ExecResult;
import dev.jbuild.core.exec.ExecSpec;
import dev.jbuild.core.exec.IdMapping;
import dev.jbuild.core.exec.Sandbox;
import dev.jbuild.core.exec.SandboxKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sandbox for scheduler tests that runs no process: the command line is a small script.
 * {@code write NAME} writes the file /NAME; {@code meet NAME} first waits until another
 * {@code meet} runs at the same time; {@code signal NAME} and {@code await NAME} pass a signal
 * between two steps; {@code block} waits until interrupted; {@code fail} waits for a block to
 * start, then exits 1. It counts runs by command line and how many ran at once.
 */
final class ScriptedSandbox implements Sandbox {

    private static final long WAIT_SECONDS = 20;

    private final List<List<String>> runs = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger interrupted = new AtomicInteger();
    private final CyclicBarrier meeting = new CyclicBarrier(2);
    private final CountDownLatch blockStarted = new CountDownLatch(1);
    private final Map<String, CountDownLatch> signals = new ConcurrentHashMap<>();

    @Override
    public SandboxKind kind() {
        return SandboxKind.UNSHARE;
    }

    @Override
    public ExecResult run(ExecSpec spec) throws InterruptedException {
        synchronized (runs) {
            runs.add(spec.argv());
        }
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            return script(spec.argv(), spec.rootfs());
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
        } finally {
            running.decrementAndGet();
        }
    }

    private ExecResult script(List<String> argv, Path root) throws InterruptedException {
        String name = argv.size() > 1 ? argv.get(1) : "";
        switch (argv.get(0)) {
            case "meet" -> {
                try {
                    meeting.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    return exit(2, "no other step ran at the same time: " + e);
                }
            }
            case "signal" -> signal(name).countDown();
            case "await" -> {
                if (!signal(name).await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    return exit(2, "no signal " + name);
                }
            }
            case "block" -> {
                blockStarted.countDown();
                Thread.sleep(TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 3));
                return exit(2, "never interrupted");
            }
            case "fail" -> {
                blockStarted.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return exit(1, "it broke\n");
            }
            default -> { }
        }
        write(root, name.isEmpty() ? argv.get(0) : name);
        return exit(0, "");
    }

    private CountDownLatch signal(String name) {
        return signals.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    private static void write(Path root, String name) {
        try {
            Files.writeString(root.resolve(name), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExecResult exit(int code, String tail) {
        return new ExecResult(code, tail, IdMapping.identity(), List.of());
    }

    /** How many times the command line {@code argv} ran. */
    int runs(List<String> argv) {
        synchronized (runs) {
            return (int) runs.stream().filter(argv::equals).count();
        }
    }

    int runs() {
        synchronized (runs) {
            return runs.size();
        }
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    int interrupted() {
        return interrupted.get();
    }
}
