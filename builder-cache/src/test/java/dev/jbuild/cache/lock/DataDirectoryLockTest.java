package dev.jbuild.cache.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void sharedHoldersShareAndKeepAnExclusiveHolderOut() throws Exception {
        DataDirectoryLock lock = DataDirectoryLock.of(dir);
        try (DataDirectoryLock.Held a = lock.shared()) {
            CompletableFuture<Boolean> secondShared = CompletableFuture.supplyAsync(() -> {
                try (DataDirectoryLock.Held b = lock.shared()) {
                    return true;
                }
            });
            assertTrue(secondShared.get(30, TimeUnit.SECONDS), "two builds hold it at once");
            CompletableFuture<Boolean> tried = CompletableFuture.supplyAsync(() -> {
                Optional<DataDirectoryLock.Held> held = lock.tryExclusive();
                held.ifPresent(DataDirectoryLock.Held::close);
                return held.isPresent();
            });
            assertEquals(false, tried.get(30, TimeUnit.SECONDS), "an automatic prune skips while a build runs");
        }
        Optional<DataDirectoryLock.Held> free = lock.tryExclusive();
        assertTrue(free.isPresent(), "once the build is done, prune gets it");
        free.get().close();
    }

    @Test
    void exclusiveHolderMakesABuildWaitUntilItIsDone() throws Exception {
        DataDirectoryLock lock = DataDirectoryLock.of(dir);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> build;
        try (DataDirectoryLock.Held prune = lock.exclusive()) {
            build = CompletableFuture.runAsync(() -> {
                started.countDown();
                lock.shared().close();
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            // it cannot have got the lock while prune holds it, however the threads are scheduled
            assertFalse(build.isDone(), "the build waits while prune holds the directory");
        }
        build.get(30, TimeUnit.SECONDS);
        assertTrue(DataDirectoryLock.of(dir.resolve("x/..")) == lock, "one lock per directory in a JVM");
    }
}
