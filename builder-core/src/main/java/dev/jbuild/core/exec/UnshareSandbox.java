package dev.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sandbox every Linux has: one perl-base process (see {@link UnshareSetup}) creates the
 * namespaces, mounts {@code /proc}, a minimal {@code /dev}, hosts and resolv.conf and the step's
 * extra mounts, then execs the command as the step's user inside the root filesystem. The JVM
 * writes the id maps from outside while the process waits: root maps
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
        Path perl = perl();
        SyscallArch arch = SyscallArch.host().orElseThrow(() -> new SandboxException(kind(),
                "no system call table for " + System.getProperty("os.arch") + " (jbuild has x86_64 and aarch64)"));
        IdMapping mapping = host.namespaceMapping();
        try (PreparedRun run = PreparedRun.prepare(kind(), spec, scratchParent, mapping, host.identity().root())) {
            run.requireMapped(mapping, host);
            run.ownSecrets(mapping, host, true);
            Path plan;
            try {
                plan = UnshareSetup.write(run, mapping, host.hostRoot(), arch);
            } catch (IOException e) {
                throw new SandboxException(kind(), "cannot write the setup plan: " + e.getMessage(), e);
            }
            int exit;
            String tail;
            try (SandboxProcess process = SandboxProcess.start(kind(), SetupPlan.command(perl, plan),
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
                    // The setup died before reading its go-ahead; its exit status and output say why.
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

    private Path perl() {
        return host.tool("perl").orElseThrow(() -> SandboxException.missingTool(kind(), "'perl' (for its setup)", "perl-base"));
    }
}
