package dev.jbuild.cli;

import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.progress.ProgressListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT), SIGTERM and other exits during a build: a JVM shutdown hook interrupts the
 * thread running the build, which cancels it (the engine kills the running steps' process
 * trees and removes their snapshot directories), and then waits, for a bounded time, until that
 * thread has reported the interruption and cleaned up, since the JVM halts when its hooks end.
 */
final class BuildInterruption implements AutoCloseable {

    /** The message a canceled build ends with. */
    static final String MESSAGE = "ERROR: interrupted: the build was canceled; its running steps were stopped and their work removed";

    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(45);
    private static final Thread PROBE = new Thread(() -> { });

    private final Thread build;
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean requested;

    private BuildInterruption(Thread build) {
        this.build = build;
        this.hook = new Thread(this::interrupt, "jbuild-interrupt");
    }

    /** Watches for shutdown while the calling thread builds, until {@link #close}. */
    static BuildInterruption install() {
        BuildInterruption interruption = new BuildInterruption(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /**
     * Whether the build is being interrupted. Also true once the JVM has begun shutting down
     * before this hook ran: hooks run in no set order, and the sandboxes' own hooks kill their
     * steps, which then fail as if their commands had.
     */
    boolean requested() {
        if (requested) {
            return true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(PROBE);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    /** {@code listener} with the steps that fail during an interruption shown as canceled. */
    ProgressListener reporting(ProgressListener listener) {
        return event -> listener.on(event instanceof BuildEvent.Failed f && requested()
                ? new BuildEvent.Canceled(f.vertex()) : event);
    }

    /** The build thread is done, including its report and cleanup: a waiting hook may let the JVM exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran; it has what it waited for
        }
    }

    private void interrupt() {
        requested = true;
        build.interrupt();
        try {
            finished.await(CLEANUP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
