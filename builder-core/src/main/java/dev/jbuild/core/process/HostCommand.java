package dev.jbuild.core.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One command run on the host to completion, with a deadline: the argv (no shell), changes to
 * the inherited environment, optional bytes on stdin (else {@code /dev/null}), a working
 * directory. Stdout and stderr are pumped on their own threads while it runs, each keeping its
 * last {@link #KEPT_BYTES} bytes, so a child that writes a lot cannot block on a full pipe and a
 * child that hangs is found out. On timeout or interrupt the command and every descendant it
 * still has are killed. Immutable: the {@code with…} methods return a changed copy.
 */
public final class HostCommand {

    /** How much of each stream is kept: the tail, where tools print their errors. */
    public static final int KEPT_BYTES = 64 * 1024;
    /** How much of the output an error message quotes. */
    private static final int QUOTED_CHARS = 2_000;
    /** How long the pumps may drain after the command exits: a daemon it started may hold the pipes. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    /** How a command ended: its exit status and the tail of each stream. */
    public record Result(int exitCode, byte[] stdout, byte[] stderr) {
        public Result {
            stdout = stdout.clone();
            stderr = stderr.clone();
        }

        @Override
        public byte[] stdout() {
            return stdout.clone();
        }

        @Override
        public byte[] stderr() {
            return stderr.clone();
        }

        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** The end of stderr and then stdout, stripped and shortened, for an error message. */
        public String outputTail() {
            String both = (stderrText().strip() + "\n" + stdoutText().strip()).strip();
            return both.length() <= QUOTED_CHARS ? both : "…" + both.substring(both.length() - QUOTED_CHARS);
        }
    }

    private final List<String> argv;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final byte[] stdin;
    private final Path directory;

    private HostCommand(List<String> argv, Duration timeout, Map<String, String> environment, byte[] stdin,
            Path directory) {
        this.argv = argv;
        this.timeout = timeout;
        this.environment = environment;
        this.stdin = stdin;
        this.directory = directory;
    }

    /** A command that must finish within {@code timeout}. */
    public HostCommand(List<String> argv, Duration timeout) {
        this(List.copyOf(argv), Objects.requireNonNull(timeout, "timeout"), Map.of(), null, null);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a host command needs a program");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout of " + this + " must be positive: " + timeout);
        }
    }

    /** The same command with {@code name} set to {@code value} in its environment, or removed if value is null. */
    public HostCommand withEnvironment(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        changed.remove(name);
        changed.put(Objects.requireNonNull(name, "name"), value);
        return new HostCommand(argv, timeout, Collections.unmodifiableMap(changed), stdin, directory);
    }

    /** The same command with these bytes on its stdin. */
    public HostCommand withStdin(byte[] input) {
        return new HostCommand(argv, timeout, environment, input.clone(), directory);
    }

    /** The same command run in {@code workingDirectory}. */
    public HostCommand withDirectory(Path workingDirectory) {
        return new HostCommand(argv, timeout, environment, stdin, Objects.requireNonNull(workingDirectory));
    }

    public List<String> argv() {
        return argv;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the command and returns how it ended, whatever its exit status. Throws when it cannot be
     * started, outlives its timeout, or the calling thread is interrupted (whose flag stays set).
     */
    public Result run() throws HostCommandException {
        Process process = start();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pump out = new Pump(process.getInputStream(), "stdout");
        Pump err = new Pump(process.getErrorStream(), "stderr");
        try {
            feed(process);
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                Result partial = killTree(process, out, err);
                throw new HostCommandException(HostCommandException.Reason.TIMED_OUT, this + " did not finish within "
                        + describe(timeout) + "; it was killed with its child processes" + quoted(partial), partial, null);
            }
            long drainUntil = Math.min(deadline, System.nanoTime() + DRAIN_GRACE.toNanos());
            out.join(drainUntil);
            err.join(drainUntil);
            return new Result(process.exitValue(), out.bytes(), err.bytes());
        } catch (InterruptedException e) {
            Result partial = killTree(process, out, err);
            Thread.currentThread().interrupt();
            throw new HostCommandException(HostCommandException.Reason.INTERRUPTED, "interrupted while running " + this
                    + "; it was killed with its child processes", partial, e);
        }
    }

    /** Runs the command and returns its output if it exited 0; else throws with the exit status and output tail. */
    public Result check() throws HostCommandException {
        Result result = run();
        if (result.exitCode() != 0) {
            throw new HostCommandException(HostCommandException.Reason.FAILED, this + " exited with status "
                    + result.exitCode() + quoted(result), result, null);
        }
        return result;
    }

    /** The argv as a shell would show it, for messages. */
    @Override
    public String toString() {
        List<String> shown = new ArrayList<>(argv.size());
        for (String arg : argv) {
            shown.add(arg.isEmpty() || arg.chars().anyMatch(c -> " \t\n'\"\\$;&|<>*?()".indexOf(c) >= 0)
                    ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return "`" + String.join(" ", shown) + "`";
    }

    private Process start() throws HostCommandException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Map<String, String> env = builder.environment();
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        try {
            return builder.start();
        } catch (IOException e) {
            throw new HostCommandException(HostCommandException.Reason.NOT_STARTED, "could not start " + this + ": "
                    + e.getMessage(), null, e);
        }
    }

    /**
     * Writes stdin, if any, on its own thread (a command that never reads must not block us past the
     * deadline) and closes it; a command that exits without reading it reports its own error.
     */
    private void feed(Process process) {
        if (stdin == null) {
            return;
        }
        Thread writer = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the command closed its stdin early; its exit status and output tell the rest
            }
        }, "host-command-stdin");
        writer.setDaemon(true);
        writer.start();
    }

    /** Kills the command's descendants and then the command, and returns what it had printed. */
    private static Result killTree(Process process, Pump out, Pump err) {
        // Descendants first: once the command is gone its children are re-parented and out of reach.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long drainUntil = System.nanoTime() + DRAIN_GRACE.toNanos();
        try {
            out.join(drainUntil);
            err.join(drainUntil);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(process.isAlive() ? -1 : process.exitValue(), out.bytes(), err.bytes());
    }

    private static String quoted(Result result) {
        String tail = result.outputTail();
        return tail.isEmpty() ? "" : ": " + tail;
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Copies one stream of the child into a tail buffer on a daemon thread, until end of stream. */
    private static final class Pump {
        private final TailBuffer kept = new TailBuffer(KEPT_BYTES);
        private final Thread thread;

        Pump(InputStream stream, String name) {
            thread = new Thread(() -> drain(stream), "host-command-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void drain(InputStream stream) {
            byte[] buffer = new byte[8192];
            try (stream) {
                for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                    kept.append(buffer, 0, n);
                }
            } catch (IOException e) {
                // the pipe closed under us when the process was killed: what was read is kept
            }
        }

        /** Waits for the stream's end until {@code deadlineNanos} (a {@link System#nanoTime} value). */
        void join(long deadlineNanos) throws InterruptedException {
            long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (millis > 0) {
                thread.join(millis);
            }
        }

        byte[] bytes() {
            return kept.bytes();
        }
    }
}
