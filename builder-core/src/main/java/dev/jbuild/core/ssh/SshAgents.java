package dev.jbuild.core.ssh;

import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.process.HostCommandException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SSH agents a build forwards into {@code RUN --mount=type=ssh}, by id, as {@code buildx
 * --ssh} takes them: an agent's unix socket is used as it is; key files are loaded into an
 * {@code ssh-agent} started for this build alone (in a private directory, with {@code ssh-add}),
 * which {@link #close()} stops. Only sockets ever reach a sandbox; key material never leaves the
 * agent, and nothing here enters a layer or a cache key.
 */
public final class SshAgents implements AutoCloseable {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Map<String, Path> sockets = new LinkedHashMap<>();
    private final List<Process> agents = new ArrayList<>();
    private Path privateDirectory;

    private SshAgents() {
    }

    /** No forwards: every ssh mount is skipped, or refused when required. */
    public static SshAgents none() {
        return new SshAgents();
    }

    /**
     * Sets up every forward: {@code paths} of an id are one agent socket, or one or more private
     * key files, which are loaded into a new agent.
     *
     * @throws SshAgentException naming the id and what is wrong; agents already started are stopped
     */
    public static SshAgents start(Map<String, List<Path>> forwards) {
        SshAgents agents = new SshAgents();
        try {
            forwards.forEach(agents::add);
            return agents;
        } catch (RuntimeException e) {
            agents.close();
            throw e;
        }
    }

    /** The agent socket for an id, if the build was given one. */
    public Optional<Path> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    private void add(String id, List<Path> paths) {
        if (paths.isEmpty()) {
            throw new SshAgentException("--ssh " + id + ": no socket or key file given");
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new SshAgentException("--ssh " + id + ": " + path + " does not exist");
            }
        }
        if (paths.size() == 1 && isSocket(paths.get(0))) {
            sockets.put(id, paths.get(0).toAbsolutePath());
            return;
        }
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                throw new SshAgentException("--ssh " + id + ": " + path + " is neither an agent socket nor a key file"
                        + (isSocket(path) ? " (a socket must be the only path of its id)" : ""));
            }
        }
        Path socket = startAgent(id);
        for (Path key : paths) {
            run(id, List.of("setsid", "-w", "ssh-add", "-q", key.toAbsolutePath().toString()), socket,
                    "ssh-add could not load the key " + key + " (a key with a passphrase must be added to your own"
                            + " agent first, then passed as --ssh " + id + "=$SSH_AUTH_SOCK)");
        }
        sockets.put(id, socket);
    }

    // ssh-agent -D stays in the foreground and prints its socket only once it listens on it.
    private Path startAgent(String id) {
        try {
            if (privateDirectory == null) {
                privateDirectory = Files.createTempDirectory("jbuild-ssh",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path socket = privateDirectory.resolve("agent." + sockets.size() + "." + agents.size());
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            agents.add(agent);
            String line = firstLine(agent, START_LIMIT);
            if (line == null || !line.startsWith("SSH_AUTH_SOCK=") || !isSocket(socket)) {
                throw new SshAgentException("--ssh " + id + ": ssh-agent did not start (it printed: " + line + ")");
            }
            return socket;
        } catch (IOException e) {
            throw new SshAgentException("--ssh " + id + ": cannot start ssh-agent for its key files: " + e.getMessage()
                    + " (it needs ssh-agent and ssh-add, Debian package openssh-client)", e);
        }
    }

    /**
     * The first line {@code process} prints, or null if it ends first; after {@code limit} the
     * process is killed and that is an error: a daemon that hangs before it listens must not
     * hang the build.
     */
    static String firstLine(Process process, Duration limit) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                line.complete(out.readLine());
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        }, "ssh-agent-start");
        reader.setDaemon(true);
        reader.start();
        try {
            return line.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("it printed nothing for " + limit.toSeconds() + " s and was stopped");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for ssh-agent to start");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static void run(String id, List<String> command, Path socket, String failure) {
        // never ask for a passphrase: there is no one to answer during a build (setsid drops the terminal)
        HostCommand tool = new HostCommand(command, TOOL_TIMEOUT)
                .withEnvironment("SSH_AUTH_SOCK", socket.toString())
                .withEnvironment("SSH_ASKPASS_REQUIRE", "never")
                .withEnvironment("DISPLAY", null);
        HostCommand.Result result;
        try {
            result = tool.run();
        } catch (HostCommandException e) {
            throw new SshAgentException("--ssh " + id + ": " + e.getMessage()
                    + (e.reason() == HostCommandException.Reason.NOT_STARTED ? " (Debian package openssh-client)" : ""), e);
        }
        if (result.exitCode() != 0) {
            String output = result.outputTail();
            throw new SshAgentException("--ssh " + id + ": " + failure + (output.isEmpty() ? "" : ": " + output));
        }
    }

    // Follows a symbolic link: $SSH_AUTH_SOCK often is one.
    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Stops the agents this build started and removes their sockets; given sockets are left alone. */
    @Override
    public void close() {
        for (Process agent : agents) {
            agent.destroy();
            try {
                if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                agent.destroyForcibly();
            }
        }
        agents.clear();
        if (privateDirectory != null) {
            try {
                TreeDeletion.delete(privateDirectory);
            } catch (IOException e) {
                // the directory is private to this user and holds only dead sockets; nothing is lost
            }
            privateDirectory = null;
        }
    }
}
