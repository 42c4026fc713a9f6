package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox every Linux has: util-linux {@code unshare} creates the namespaces, a generated
 * sh script (see {@link UnshareSetup}) mounts {@code /proc}, a minimal {@code /dev}, hosts and
 * resolv.conf and the step's extra mounts, then execs the command as the step's user inside the
 * root filesystem. The JVM writes the id maps from outside while the script waits: root maps
 * every id to itself, an ordinary user maps itself to root plus its subordinate ranges through
 * newuidmap/newgidmap, or only itself when it has none.
 */
public final class UnshareSandbox implements Sandbox {

    private static final Duration SETUP_LIMIT = Duration.ofSeconds(30);

    private final HostProbe host;
    private final Path scratchParent;
    private final boolean overlay;

    /** A sandbox using {@code host}'s tools, keeping each step's scratch files in a fresh directory below {@code scratchParent}. */
    public UnshareSandbox(HostProbe host, Path scratchParent) {
        this(host, scratchParent, true);
    }

    private UnshareSandbox(HostProbe host, Path scratchParent, boolean overlay) {
        this.host = host;
        this.scratchParent = scratchParent;
        this.overlay = overlay;
    }

    /** This sandbox, declining overlay roots: for hosts where overlayfs does not mount in a user namespace, or by choice. */
    public UnshareSandbox withoutOverlay() {
        return new UnshareSandbox(host, scratchParent, false);
    }

    public UnshareSandbox() {
        this(HostProbe.system(), HostProbe.system().scratchDirectory());
    }

    @Override
    public String toString() {
        return kind().flagName();
    }

    @Override
    public SandboxKind kind() {
        return SandboxKind.UNSHARE;
    }

    @Override
    public ExecResult run(ExecSpec spec) throws InterruptedException {
        UnshareSetup.Tools tools = tools(spec);
        IdMapping mapping = host.namespaceMapping();
        try (PreparedRun run = PreparedRun.prepare(kind(), spec, scratchParent, mapping, host.identity().root())) {
            run.requireMapped(mapping, host);
            run.ownSecrets(mapping, host, true);
            Path script;
            try {
                script = UnshareSetup.write(run, tools, mapping, host.hostRoot());
            } catch (IOException e) {
                throw new SandboxException(kind(), "cannot write the setup script: " + e.getMessage(), e);
            }
            int exit;
            String tail;
            try (SandboxProcess process = SandboxProcess.start(kind(), command(tools, spec.network(), script),
                    Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C"),
                    List.of(UnshareSetup.READY, UnshareSetup.EXEC), spec.output())) {
                if (!process.awaitMarker(UnshareSetup.READY, SETUP_LIMIT)) {
                    int code = process.waitFor(Duration.ofSeconds(10));
                    throw new SandboxException(kind(), "cannot create the namespaces (exit " + code + ")"
                            + host.userNamespaceProblem().map(p -> ": " + p).orElse("") + "\n" + process.tail());
                }
                if (!host.hostRoot()) {
                    writeIdMaps(process.pid(), mapping);
                }
                try {
                    process.release();
                } catch (IOException e) {
                    // The script died before reading its go-ahead; its exit status and output say why.
                }
                exit = process.waitFor(spec.timeout());
                tail = process.tail();
                if (!process.sawMarker(UnshareSetup.EXEC)) {
                    throw new SandboxException(kind(), "setting up the root filesystem failed (exit " + exit + "):\n" + tail);
                }
            }
            return new ExecResult(exit, tail, mapping, run.finish());
        }
    }

    private List<String> command(UnshareSetup.Tools tools, NetworkMode network, Path script) {
        List<String> command = new ArrayList<>();
        // PR_SET_PDEATHSIG: if the JVM thread that started us dies, unshare dies, and --kill-child takes the step with it.
        host.tool("setpriv").ifPresent(setpriv -> command.addAll(List.of(setpriv.toString(), "--pdeathsig=KILL", "--")));
        command.add(tools.unshare().toString());
        if (!host.hostRoot()) {
            command.add("--user"); // host root enters its user namespace last (RootUserNamespace)
        }
        command.addAll(List.of("--mount", "--pid", "--ipc", "--uts"));
        if (network.isolated()) {
            command.add("--net");
        }
        command.addAll(List.of("--fork", "--kill-child", "--", required("sh").toString(), script.toString()));
        return command;
    }

    /** Writes the step's uid and gid maps for the namespace that process {@code pid} (unshare) created. */
    private void writeIdMaps(long pid, IdMapping mapping) {
        try {
            IdMapWriter.write(host, pid, mapping);
        } catch (IOException e) {
            throw new SandboxException(kind(), "cannot write the user namespace id maps of process " + pid + ": "
                    + e.getMessage(), e);
        }
    }

    /** Overlay roots: this sandbox mounts them itself, inside its user namespace (unless made {@link #withoutOverlay()}). */
    @Override
    public boolean mountsOverlay() {
        return overlay;
    }

    private UnshareSetup.Tools tools(ExecSpec spec) {
        NetworkMode network = spec.network();
        Path ip = host.tool("ip").orElse(null);
        Path perl = required("perl"); // the seccomp loader, and root's entry into its user namespace
        if (network.isolated() && ip == null && perl == null) {
            throw SandboxException.missingTool(kind(), "'ip' for --network=none (to bring up the loopback interface)",
                    "iproute2");
        }
        return new UnshareSetup.Tools(required("mount"), required("setpriv"), required("env"), required("unshare"),
                host.tool("hostname").orElse(null), ip, perl, required("mkdir"), required("cp"), required("sh"),
                required("chown"), spec.limits().prlimitPrefix(host, kind()));
    }

    private Path required(String tool) {
        String debianPackage = switch (tool) {
            case "env", "mkdir", "cp", "chown" -> "coreutils";
            case "sh" -> "dash";
            case "perl" -> "perl-base";
            case "mount" -> "mount";
            default -> "util-linux";
        };
        return host.tool(tool).orElseThrow(() -> SandboxException.missingTool(kind(), "'" + tool + "'", debianPackage));
    }
}
