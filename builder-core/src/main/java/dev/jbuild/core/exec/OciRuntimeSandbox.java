package dev.jbuild.core.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox on an OCI runtime, runc or crun, the way BuildKit runs RUN: a bundle with a
 * generated {@code config.json} (see {@link OciRuntimeConfig}) and {@code runc run}, with the
 * runtime's state in the step's private scratch directory so nothing outlives the step. Rootless
 * when jbuild is not root: the runtime maps the ids of {@link HostProbe#namespaceMapping()},
 * calling newuidmap/newgidmap itself for subordinate ranges, and sets up no cgroups. Rootless
 * runc never calls setgroups, so there a step keeps the invoking user's own groups (its primary
 * group shows as gid 0) instead of the image's supplementary groups.
 */
public final class OciRuntimeSandbox implements Sandbox {

    private static final SecureRandom IDS = new SecureRandom();
    private static final ObjectMapper LOG = new ObjectMapper();

    private final HostProbe host;
    private final Path scratchParent;

    /** A sandbox using {@code host}'s tools, keeping each step's scratch files in a fresh directory below {@code scratchParent}. */
    public OciRuntimeSandbox(HostProbe host, Path scratchParent) {
        this.host = host;
        this.scratchParent = scratchParent;
    }

    public OciRuntimeSandbox() {
        this(HostProbe.system(), HostProbe.system().scratchDirectory());
    }

    /** The runtime this host offers: runc, as BuildKit prefers, else crun. */
    static Optional<Path> runtime(HostProbe host) {
        return host.tool("runc").or(() -> host.tool("crun"));
    }

    @Override
    public String toString() {
        return kind().flagName();
    }

    /**
     * As root the runtime mounts the root filesystem from inside the step's user namespace, as
     * the step's shifted root, which may only pass directories that let others search them.
     */
    private void requireSearchable(Path root) {
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new SandboxException(kind(), "as root, the runtime enters the step's subordinate id range"
                            + " before it mounts the root filesystem, and that range cannot pass " + dir + " (mode "
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) + "); use"
                            + " --sandbox=unshare (what auto picks as root) or a --cache-dir whose parents others may search");
                }
            } catch (IOException e) {
                throw new SandboxException(kind(), "cannot read the mode of " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.OCI;
    }

    @Override
    public ExecResult run(ExecSpec spec) throws InterruptedException {
        Path runtime = runtime(host).orElseThrow(() ->
                SandboxException.missingTool(kind(), "an OCI runtime (runc or crun)", "runc"));
        IdMapping mapping = host.namespaceMapping();
        try (PreparedRun run = PreparedRun.prepare(kind(), spec, scratchParent, mapping, host.identity().root())) {
            run.requireMapped(mapping, host);
            if (host.hostRoot()) {
                requireSearchable(run.root);
            }
            run.ownSecrets(mapping, host, false);
            Path bundle = run.scratch.resolve("bundle");
            Path state = run.scratch.resolve("state");
            Path log = run.scratch.resolve("runtime.log");
            try {
                Files.createDirectories(bundle);
                Files.createDirectories(state);
                Files.writeString(bundle.resolve("config.json"), OciRuntimeConfig.json(run, mapping, host.identity().root()));
            } catch (IOException e) {
                throw new SandboxException(kind(), "cannot write the OCI bundle: " + e.getMessage(), e);
            }
            String id = "jbuild-" + HexFormat.of().formatHex(randomBytes());
            List<String> global = List.of(runtime.toString(), "--root", state.toString(), "--log", log.toString(),
                    "--log-format", "json");
            List<String> command = new ArrayList<>(global);
            command.addAll(List.of("run", "--bundle", bundle.toString(), id));
            int exit;
            String tail;
            try (SandboxProcess process = SandboxProcess.start(kind(), command,
                    Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C"), List.of(), spec.output())) {
                try {
                    exit = process.waitFor(spec.timeout());
                } finally {
                    // runc run deletes the container when it exits normally; only a killed runtime leaves it.
                    if (Files.exists(state.resolve(id))) {
                        forceDelete(global, id);
                    }
                }
                tail = process.tail();
            }
            String errors = runtimeErrors(log);
            if (exit != 0 && !errors.isEmpty()) {
                throw new SandboxException(kind(), runtime.getFileName() + " failed: " + errors);
            }
            return new ExecResult(exit, tail, mapping, run.finish());
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        IDS.nextBytes(bytes);
        return bytes;
    }

    /** Removes the container if the runtime left it behind (killed mid-step); harmless when already gone. */
    private static void forceDelete(List<String> global, String id) {
        List<String> command = new ArrayList<>(global);
        command.addAll(List.of("delete", "--force", id));
        try {
            Process delete = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!delete.waitFor(10, TimeUnit.SECONDS)) {
                delete.destroyForcibly();
            }
        } catch (IOException e) {
            // the state directory is removed with the scratch directory anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The error messages the runtime logged (JSON lines, level "error"), one per line; empty when none. */
    private static String runtimeErrors(Path log) {
        try {
            StringBuilder errors = new StringBuilder();
            for (String line : Files.readAllLines(log)) {
                try {
                    JsonNode entry = LOG.readTree(line);
                    if (entry != null && "error".equals(entry.path("level").asText())) {
                        errors.append(errors.length() == 0 ? "" : "\n").append(entry.path("msg").asText(line));
                    }
                } catch (JsonProcessingException e) {
                    // not a log record (a runtime may print plain text); skip it
                }
            }
            return errors.toString();
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "cannot read " + log + ": " + e.getMessage();
        }
    }
}
