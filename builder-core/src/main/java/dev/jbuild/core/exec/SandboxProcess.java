package dev.jbuild.core.exec;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host-side child process of one sandboxed step: starts it, pumps its stdout and stderr to
 * the step's sink and output tail, and kills its whole process tree on interrupt, timeout or
 * JVM shutdown. Setup scripts report progress with marker lines at the start of stdout (for
 * example "the namespaces exist, write the id maps" and "setup done, exec'ing the command"),
 * which are consumed here and never reach the step's output.
 */
final class SandboxProcess implements AutoCloseable {

    private static final File DEV_NULL = new File("/dev/null");

    private final SandboxKind kind;
    private final Process process;
    private final OutputTail tail = new OutputTail(ExecResult.TAIL_BYTES);
    private final Deque<Marker> markers = new ArrayDeque<>();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private final Thread shutdownHook;

    private record Marker(String line, CompletableFuture<Boolean> seen) {
    }

    private SandboxProcess(SandboxKind kind, Process process, List<String> markerLines, OutputSink sink) {
        this.kind = kind;
        this.process = process;
        for (String line : markerLines) {
            markers.add(new Marker(line, new CompletableFuture<>()));
        }
        List<Marker> expected = List.copyOf(markers);
        stdoutPump = pump(process.getInputStream(), OutputSink.Channel.STDOUT, sink, expected);
        stderrPump = pump(process.getErrorStream(), OutputSink.Channel.STDERR, sink, List.of());
        shutdownHook = new Thread(this::killTree, "jbuild-sandbox-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command} with exactly {@code environment}. With markers, stdin is a pipe the
     * setup process reads its go-ahead from ({@link #release()}); without, stdin is /dev/null.
     */
    static SandboxProcess start(SandboxKind kind, List<String> command, Map<String, String> environment,
                                List<String> markerLines, OutputSink sink) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File("/"));
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (markerLines.isEmpty()) {
            builder.redirectInput(DEV_NULL);
        }
        try {
            return new SandboxProcess(kind, builder.start(), markerLines, sink);
        } catch (IOException e) {
            throw new SandboxException(kind, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until the setup process printed {@code line}; false if it exited first. A setup
     * that neither prints nor exits within {@code limit} is killed.
     */
    boolean awaitMarker(String line, Duration limit) throws InterruptedException {
        for (Marker marker : markers) {
            if (marker.line().equals(line)) {
                try {
                    return marker.seen().get(limit.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    killTree();
                    throw new SandboxException(kind, "the sandbox setup did not report '" + line + "' within " + limit);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    killTree();
                    throw e;
                }
            }
        }
        throw new IllegalArgumentException("not an expected marker: " + line);
    }

    /** Whether the setup process printed {@code line} (checked after the process ended). */
    boolean sawMarker(String line) {
        return markers.stream().anyMatch(m -> m.line().equals(line) && m.seen().getNow(false));
    }

    /** Lets a setup process that waits on stdin go on, and leaves it with end-of-file after. */
    void release() throws IOException {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Waits for the process to exit and its output to drain; returns the exit code (128 + signal
     * when a signal ended it). On timeout or interrupt the process tree is killed first.
     */
    int waitFor(Duration timeout) throws InterruptedException {
        try {
            boolean exited;
            if (timeout.isZero()) {
                process.waitFor();
                exited = true;
            } else {
                exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (!exited) {
                killTree();
                process.waitFor(10, TimeUnit.SECONDS);
                drain();
                throw new SandboxTimeoutException(kind, timeout, tail.text());
            }
        } catch (InterruptedException e) {
            killTree();
            throw e;
        }
        drain();
        return process.exitValue();
    }

    String tail() {
        return tail.text();
    }

    /**
     * Kills every process below the child and the child itself. The sandboxes put the step in a
     * pid namespace whose init dies with its parent, so this ends the step's whole tree even for
     * processes that daemonised; the descendants are killed too for any that are not yet there.
     */
    void killTree() {
        for (int round = 0; round < 2; round++) {
            // The child first: killed after its children, unshare would report their deaths into the step's output.
            List<ProcessHandle> below = process.descendants().toList();
            process.destroyForcibly();
            below.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Override
    public void close() {
        killTree();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs anyway
        }
    }

    private void drain() throws InterruptedException {
        // The pumps end at end-of-file, which comes when the last process holding the pipes is gone.
        stdoutPump.join(TimeUnit.SECONDS.toMillis(10));
        stderrPump.join(TimeUnit.SECONDS.toMillis(10));
    }

    private Thread pump(InputStream stream, OutputSink.Channel channel, OutputSink sink, List<Marker> expected) {
        Thread thread = new Thread(() -> {
            try (InputStream in = new BufferedInputStream(stream, 16 * 1024)) {
                Deque<Marker> pending = new ArrayDeque<>(expected);
                while (!pending.isEmpty()) {
                    byte[] line = readLine(in);
                    if (line == null) {
                        break;
                    }
                    String text = new String(line, StandardCharsets.UTF_8);
                    if (text.equals(pending.peekFirst().line() + "\n")) {
                        pending.pollFirst().seen().complete(true);
                    } else {
                        deliver(sink, channel, line, line.length);
                    }
                }
                pending.forEach(m -> m.seen().complete(false));
                byte[] buffer = new byte[16 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    deliver(sink, channel, buffer, n);
                }
            } catch (IOException e) {
                // The pipe closed under us (the process was killed); what arrived is kept.
            } finally {
                expected.forEach(m -> m.seen().complete(false));
                endOf(sink, channel);
            }
        }, "jbuild-sandbox-" + channel.name().toLowerCase() + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void deliver(OutputSink sink, OutputSink.Channel channel, byte[] bytes, int length) {
        tail.append(bytes, 0, length);
        try {
            sink.accept(channel, java.util.Arrays.copyOf(bytes, length));
        } catch (RuntimeException e) {
            // A failing progress display must not kill the step or lose its output tail.
        }
    }

    private static void endOf(OutputSink sink, OutputSink.Channel channel) {
        try {
            sink.end(channel);
        } catch (RuntimeException e) {
            // A failing progress display must not kill the step or lose its output tail.
        }
    }

    /** A line including its newline, or what remains at end-of-file, or null at end-of-file. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b >= 0; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
