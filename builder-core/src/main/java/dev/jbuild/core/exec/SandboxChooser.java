package dev.jbuild.core.exec;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the sandbox for {@code --sandbox=auto|oci|bwrap|unshare}. {@code auto} takes the first
 * kind whose probe works, in BuildKit's order of preference: an OCI runtime, then bubblewrap,
 * then unshare, which every Linux has; as host root, unshare first (see {@link #autoOrder()}). A probe runs the host's {@code true} in a real sandbox of
 * that kind (a scratch root with the host's /usr bound read-only) once per JVM, so a kernel that refuses user
 * namespaces or a broken runtime shows up here, not in the middle of a build. An explicit
 * choice that cannot work fails with the reason and the fix.
 */
public final class SandboxChooser {

    private static final System.Logger LOG = System.getLogger(SandboxChooser.class.getName());
    private static final SandboxChooser HOST = new SandboxChooser(HostProbe.system(),
            HostProbe.system().scratchDirectory());

    /** Whether a kind works on this host, and if not why and how to fix it (a complete sentence naming the kind). */
    public record Availability(SandboxKind kind, boolean usable, String detail) {
    }

    private final HostProbe host;
    private final Path scratchParent;
    private final Map<SandboxKind, Availability> probes = new ConcurrentHashMap<>();
    private volatile boolean warned;

    public SandboxChooser(HostProbe host, Path scratchParent) {
        this.host = host;
        this.scratchParent = scratchParent;
    }

    /** The chooser for this host, shared so each kind is probed once per JVM. */
    public static SandboxChooser forHost() {
        return HOST;
    }

    /** The sandbox for a {@code --sandbox} value; throws with the reason when none fits. */
    public Sandbox choose(String flag) throws InterruptedException {
        if (flag == null || flag.isBlank() || flag.trim().equalsIgnoreCase("auto")) {
            List<String> reasons = new ArrayList<>();
            for (SandboxKind kind : autoOrder()) {
                Availability availability = probe(kind);
                if (availability.usable()) {
                    return announce(create(kind));
                }
                reasons.add(availability.detail());
            }
            throw new SandboxException(null, "no sandbox works on this host:\n  " + String.join("\n  ", reasons));
        }
        SandboxKind kind = SandboxKind.fromFlag(flag);
        Availability availability = probe(kind);
        if (!availability.usable()) {
            throw SandboxException.reported(kind, availability.detail());
        }
        return announce(create(kind));
    }

    /**
     * Host root runs its steps under a subordinate range, and only the unshare sandbox sets up
     * the root filesystem before entering that range's namespace; a runtime needs every
     * directory above the root searchable by the range's root, which a root-owned 0700 home is not.
     */
    private List<SandboxKind> autoOrder() {
        if (host.hostRoot()) {
            return List.of(SandboxKind.UNSHARE, SandboxKind.OCI);
        }
        return List.of(SandboxKind.OCI, SandboxKind.BWRAP, SandboxKind.UNSHARE);
    }

    /** A sandbox of {@code kind}, without probing it. */
    public Sandbox create(SandboxKind kind) {
        return switch (kind) {
            case OCI -> new OciRuntimeSandbox(host, scratchParent);
            case BWRAP -> new BubblewrapSandbox(host, scratchParent);
            case UNSHARE -> new UnshareSandbox(host, scratchParent);
        };
    }

    /** Probes {@code kind} once; later calls return the cached answer. */
    public Availability probe(SandboxKind kind) throws InterruptedException {
        Availability known = probes.get(kind);
        if (known == null) {
            known = runProbe(kind);
            probes.putIfAbsent(kind, known);
        }
        return known;
    }

    private Availability runProbe(SandboxKind kind) throws InterruptedException {
        boolean toolPresent = switch (kind) {
            case OCI -> OciRuntimeSandbox.runtime(host).isPresent();
            case BWRAP -> host.tool("bwrap").isPresent();
            case UNSHARE -> host.tool("perl").isPresent();
        };
        if (!toolPresent) {
            return new Availability(kind, false, SandboxException.missingTool(kind, kind.description(),
                    kind.debianPackage()).getMessage());
        }
        Path root = null;
        try {
            root = Files.createTempDirectory(Files.createDirectories(scratchParent), "jbuild-probe-");
            // Container root is not the host user that made the directory: it must be able to enter it.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Mount> mounts = probeRoot(root);
            ExecResult result = create(kind).run(ExecSpec.of(root, List.of("true")).withMounts(mounts));
            if (result.succeeded()) {
                return new Availability(kind, true, "sandbox '" + kind.flagName() + "' works");
            }
            return new Availability(kind, false, "sandbox '" + kind.flagName() + "': 'true' exited with "
                    + result.exitCode() + ": " + result.outputTail().strip());
        } catch (SandboxException e) {
            String hint = host.userNamespaceProblem().map(p -> " (" + p + ")").orElse("");
            return new Availability(kind, false, e.getMessage().strip() + hint);
        } catch (IOException e) {
            return new Availability(kind, false, "sandbox '" + kind.flagName() + "': cannot make a probe root in "
                    + scratchParent + ": " + e.getMessage());
        } finally {
            PreparedRun.deleteTree(root);
        }
    }

    /**
     * Makes {@code root} a root filesystem that can run the host's own {@code true}: the host's
     * /usr bound read-only, and its top-level bin and lib directories bound or, where they are
     * symlinks into /usr (merged /usr), linked the same way. Nothing of the host is written.
     */
    private static List<Mount> probeRoot(Path root) throws IOException {
        List<Mount> mounts = new ArrayList<>(List.of(new Mount.Bind(Path.of("/usr"), "/usr", false)));
        for (String name : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            Path hostDir = Path.of("/", name);
            if (Files.isSymbolicLink(hostDir)) {
                Files.createSymbolicLink(root.resolve(name), Files.readSymbolicLink(hostDir));
            } else if (Files.isDirectory(hostDir)) {
                mounts.add(new Mount.Bind(hostDir, "/" + name, false));
            }
        }
        return mounts;
    }

    private Sandbox announce(Sandbox sandbox) {
        if (!warned && sandbox.kind() != SandboxKind.BWRAP) {
            warned = true;
            host.mappingWarning().ifPresent(warning -> LOG.log(Level.WARNING, warning));
        }
        return sandbox;
    }
}
