package dev.jbuild.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command inside a fresh user namespace with the build's id mapping
 * ({@link HostProbe#namespaceMapping()}), where it is root of the namespace: it sees the owners
 * RUN steps gave as container ids and, holding CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and
 * CAP_FOWNER over every mapped owner, reads, copies and removes trees the bare host user cannot
 * (a 0700 directory of container uid 1000, a 0000 file). Nothing else is unshared: the command
 * keeps the host's mounts and file system paths. Entering costs about 12 ms (unshare, sh,
 * newuidmap and newgidmap), measured for {@code true} as an ordinary user with subordinate ids.
 */
public final class NamespaceCommand {

    private static final String READY = "jbuild-userns-ready";
    private static final Duration SETUP_LIMIT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_TAIL = 8192;
    private static final NamespaceCommand SYSTEM = new NamespaceCommand(HostProbe.system());

    private final HostProbe host;

    NamespaceCommand(HostProbe host) {
        this.host = host;
    }

    /** The command runner for this machine's user. */
    public static NamespaceCommand system() {
        return SYSTEM;
    }

    /** A command that failed, timed out or could not start; the message names the command and holds its stderr. */
    public static final class FailedException extends IOException {
        FailedException(String message) {
            super(message);
        }

        FailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs {@code argv} as root of a new user namespace and returns its standard output; stdin is empty. */
    public String run(List<String> argv, Duration timeout) throws FailedException, InterruptedException {
        IdMapping mapping = host.namespaceMapping();
        List<String> command = command(argv);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new FailedException("cannot start " + String.join(" ", command) + ": " + e.getMessage()
                    + " (unshare is in the Debian package util-linux)", e);
        }
        Pump out = Pump.start(process.getInputStream(), Integer.MAX_VALUE, !host.hostRoot()); // host root prints no READY line
        Pump err = Pump.start(process.getErrorStream(), MAX_ERROR_TAIL, false);
        try {
            if (host.hostRoot()) {
                try {
                    process.getOutputStream().close(); // stdin is empty
                } catch (IOException e) {
                    // it is gone already; its exit status says why
                }
                return finish(argv, process, out, err, timeout);
            }
            if (!out.awaitFirstLine(SETUP_LIMIT) || !out.firstLine().equals(READY)) {
                throw failure(argv, process, err, "the user namespace was not created"
                        + host.userNamespaceProblem().map(p -> " (" + p + ")").orElse(""));
            }
            try {
                IdMapWriter.write(host, process.pid(), mapping);
            } catch (IOException e) {
                throw failure(argv, process, err, "cannot write its id maps: " + e.getMessage());
            }
            try (OutputStream go = process.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // It died before reading the go-ahead; its exit status and stderr say why.
            }
            return finish(argv, process, out, err, timeout);
        } finally {
            process.destroyForcibly();
        }
    }

    private String finish(List<String> argv, Process process, Pump out, Pump err, Duration timeout)
            throws FailedException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure(argv, process, err, "timed out after " + timeout.toSeconds() + " s");
        }
        out.finish();
        err.finish();
        if (process.exitValue() != 0) {
            throw failure(argv, process, err, "exited with " + process.exitValue());
        }
        return out.text();
    }


    private FailedException failure(List<String> argv, Process process, Pump err, String what)
            throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        err.finish();
        String stderr = err.text().strip();
        return new FailedException(String.join(" ", argv) + " in a user namespace: " + what
                + (stderr.isEmpty() ? "" : ":\n" + stderr));
    }

    /**
     * The shell waits, nobody and without capabilities, until the maps are written; the exec'd
     * command is root then. Host root's ids are outside its own range, so it enters the
     * namespace through {@link RootUserNamespace}, which writes the maps itself.
     */
    private List<String> command(List<String> argv) throws FailedException {
        List<String> command = new ArrayList<>();
        if (host.hostRoot()) {
            command.addAll(RootUserNamespace.hostCommand(required("perl", "perl-base"), host.namespaceMapping()));
            command.addAll(argv);
            return command;
        }
        host.tool("setpriv").ifPresent(setpriv -> command.addAll(List.of(setpriv.toString(), "--pdeathsig=KILL", "--")));
        command.addAll(List.of(required("unshare", "util-linux").toString(), "--user", "--",
                required("sh", "dash").toString(), "-c",
                "printf '%s\\n' " + READY + " && read -r go && [ \"$go\" = go ] && exec \"$@\" </dev/null", "sh"));
        command.addAll(argv);
        return command;
    }

    private Path required(String tool, String debianPackage) throws FailedException {
        return host.tool(tool).orElseThrow(() -> new FailedException("'" + tool
                + "' is needed to enter the build's user namespace: apt-get install " + debianPackage));
    }

    /** Reads a child's stream on its own thread so a full pipe never blocks the child; keeps at most {@code limit} bytes. */
    private static final class Pump extends Thread {
        private final InputStream in;
        private final int limit;
        private final boolean splitFirstLine;
        private final ByteArrayOutputStream first = new ByteArrayOutputStream();
        private final ByteArrayOutputStream rest = new ByteArrayOutputStream();
        private final CountDownLatch firstLineRead = new CountDownLatch(1);

        private Pump(InputStream in, int limit, boolean splitFirstLine) {
            super("namespace-command-output");
            setDaemon(true);
            this.in = in;
            this.limit = limit;
            this.splitFirstLine = splitFirstLine;
        }

        static Pump start(InputStream in, int limit, boolean splitFirstLine) {
            Pump pump = new Pump(in, limit, splitFirstLine);
            pump.start();
            return pump;
        }

        @Override
        public void run() {
            try (in) {
                if (splitFirstLine) {
                    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                        first.write(b);
                    }
                    firstLineRead.countDown();
                }
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    synchronized (rest) {
                        rest.write(buffer, 0, n);
                        if (rest.size() > limit) {
                            byte[] tail = rest.toByteArray();
                            rest.reset();
                            rest.write(tail, tail.length - limit, limit);
                        }
                    }
                }
            } catch (IOException e) {
                // The child's end closed; what was read is what it wrote.
            } finally {
                firstLineRead.countDown();
            }
        }

        boolean awaitFirstLine(Duration limit) throws InterruptedException {
            return firstLineRead.await(limit.toMillis(), TimeUnit.MILLISECONDS) && isFirstLineComplete();
        }

        private boolean isFirstLineComplete() {
            return first.size() > 0;
        }

        String firstLine() {
            return first.toString(StandardCharsets.UTF_8);
        }

        String text() {
            synchronized (rest) {
                return rest.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits for the stream's end, which comes when the child and everything it started have exited. */
        void finish() throws InterruptedException {
            join(5000);
        }
    }
}
