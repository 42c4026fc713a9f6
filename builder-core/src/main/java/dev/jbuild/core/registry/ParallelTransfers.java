package dev.jbuild.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an image's blob transfers a few at a time: enough to hide latency, few enough not
 * to trip a registry's rate limits. The first failure cancels the rest and is rethrown as
 * it was, once the cancelled transfers have cleaned up after themselves.
 */
final class ParallelTransfers {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int parallelism;

    ParallelTransfers(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallel transfers must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    void runAll(List<Runnable> transfers) {
        if (transfers.size() <= 1 || parallelism == 1) {
            transfers.forEach(Runnable::run);
            return;
        }
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "jbuild-registry-transfer-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, transfers.size()), threads);
        CompletionService<Void> done = new ExecutorCompletionService<>(pool);
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (Runnable transfer : transfers) {
                futures.add(done.submit(transfer, null));
            }
            for (int i = 0; i < transfers.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    awaitCleanup(pool);
                    throw rethrowable(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw RegistryException.of(null, "interrupted while transferring blobs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitCleanup(ExecutorService pool) {
        try {
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return RegistryException.of(null, "blob transfer failed: " + cause, cause);
    }
}
