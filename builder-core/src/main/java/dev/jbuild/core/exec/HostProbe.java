package dev.jbuild.core.exec;

import dev.jbuild.core.fs.HostIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this host offers a rootless build: who we are, where the tools live, which
 * subordinate ids we may map, and whether the kernel lets us create user namespaces. Each fact
 * is read once and cached; nothing here starts a namespace (see {@link SandboxChooser} for the
 * probes that do). {@code jbuild doctor} prints these facts with the fix for each gap.
 */
public final class HostProbe {

    /** Where tools live on Debian and friends even when PATH (an ordinary user's) lacks the sbin dirs. */
    private static final List<String> STANDARD_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    /** Root's range when /etc/subuid names none for {@code jbuild}, {@code containers} or {@code root}. */
    public static final SubordinateIds DEFAULT_ROOT_RANGE =
            new SubordinateIds(1_000_000_000L, 1_000_000_000L, 1_000_000_000L, 1_000_000_000L);

    private static final HostProbe SYSTEM = new HostProbe(System.getenv("PATH"), Path.of("/"));

    private final String searchPath;
    private final Path hostRoot;
    private final Map<String, Optional<Path>> tools = new ConcurrentHashMap<>();
    private volatile Optional<SubordinateIds> subordinateIds;
    private volatile Path scratchDirectory;
    private volatile IdMapping mapping;
    private volatile Boolean initialUserNamespace;

    /** A probe that looks for tools, /etc/subuid and /proc/sys settings below {@code hostRoot} (tests use a fake one). */
    HostProbe(String searchPath, Path hostRoot) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.hostRoot = hostRoot;
    }

    /** The probe of the machine this JVM runs on, shared so every fact is read once per JVM. */
    public static HostProbe system() {
        return SYSTEM;
    }

    /** Who runs jbuild, as the kernel sees it. */
    public HostIdentity identity() {
        return HostIdentity.current();
    }

    /** The absolute path of {@code name}, searched in PATH and then the standard bin and sbin directories. */
    public Optional<Path> tool(String name) {
        return tools.computeIfAbsent(name, this::find);
    }

    private Optional<Path> find(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String dir : searchPath.split(":")) {
            if (dir.startsWith("/")) {
                dirs.add(dir);
            }
        }
        dirs.addAll(STANDARD_DIRS);
        for (String dir : dirs) {
            Path candidate = hostRoot.resolve(dir.substring(1)).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Where sandboxes keep each step's scratch files (setup plan, hosts file, OCI bundle): the
     * user's runtime directory or /dev/shm when writable, both memory-backed, because a step
     * creates and deletes a dozen small files there and a disk makes that cost milliseconds; the
     * JVM's temp directory otherwise. A candidate mounted nosuid or noexec is passed over (Docker
     * mounts a container's /dev/shm so): the sandbox probe's root lives here, and a user
     * namespace may not bind it with those flags cleared, which the unshare sandbox's bind does.
     */
    public Path scratchDirectory() {
        Path known = scratchDirectory;
        if (known == null) {
            List<Path> candidates = new ArrayList<>();
            String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
            if (runtimeDir != null && runtimeDir.startsWith("/")) {
                candidates.add(Path.of(runtimeDir));
            }
            candidates.add(Path.of("/run/user", Long.toString(identity().uid())));
            candidates.add(Path.of("/dev/shm"));
            known = Path.of(System.getProperty("java.io.tmpdir"));
            String mountinfo = mountinfo();
            for (Path candidate : candidates) {
                if (Files.isDirectory(candidate) && Files.isWritable(candidate)
                        && !mountedNosuidOrNoexec(mountinfo, candidate)) {
                    known = candidate;
                    break;
                }
            }
            scratchDirectory = known;
        }
        return known;
    }

    private String mountinfo() {
        try {
            return Files.readString(hostRoot.resolve("proc/self/mountinfo"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Whether the mount holding {@code dir} (the longest mount point above it in a
     * /proc/self/mountinfo text) has nosuid or noexec among its per-mount options.
     */
    static boolean mountedNosuidOrNoexec(String mountinfo, Path dir) {
        Path holder = null;
        List<String> options = List.of();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length < 6) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            if (dir.startsWith(mountPoint) && (holder == null || mountPoint.getNameCount() >= holder.getNameCount())) {
                holder = mountPoint;
                options = List.of(fields[5].split(","));
            }
        }
        return options.contains("nosuid") || options.contains("noexec");
    }

    // mountinfo writes space, tab, newline and backslash in paths as three octal digits after a backslash
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The subordinate id ranges granted to the current user, if both files grant one. */
    public Optional<SubordinateIds> subordinateIds() {
        Optional<SubordinateIds> known = subordinateIds;
        if (known == null) {
            try {
                HostIdentity me = identity();
                known = SubordinateIds.read(hostRoot.resolve("etc/subuid"), hostRoot.resolve("etc/subgid"), me.userName(),
                        me.uid());
            } catch (IOException e) {
                known = Optional.empty();
            }
            subordinateIds = known;
        }
        return known;
    }

    /**
     * The mapping the sandboxes use. Container root is never host root: root maps the
     * container's ids onto a subordinate range ({@link #rootRange()}), as podman's
     * {@code --userns=auto} does, so that a step's uid 0 is an unprivileged id to the kernel
     * outside its namespaces. An ordinary user maps itself to root and, when /etc/subuid and
     * /etc/subgid grant ranges and newuidmap/newgidmap exist, the ranges to ids 1 and up, so
     * {@code chown} works inside; otherwise only root is mapped (see {@link #mappingWarning()}).
     * Root of a user namespace that is not the host's (jbuild inside a rootless container) is no
     * host root either, and maps the ids its own namespace has.
     */
    public IdMapping namespaceMapping() {
        IdMapping known = mapping;
        if (known == null) {
            known = computeMapping();
            mapping = known;
        }
        return known;
    }

    private IdMapping computeMapping() {
        HostIdentity me = identity();
        if (me.root()) {
            if (!inInitialUserNamespace()) {
                return ownNamespaceIds();
            }
            SubordinateIds r = rootRange();
            return new IdMapping(List.of(new IdMapping.Range(0, r.uidStart(), r.uidCount())),
                    List.of(new IdMapping.Range(0, r.gidStart(), r.gidCount())), true);
        }
        Optional<SubordinateIds> ranges = subordinateIds();
        if (ranges.isPresent() && tool("newuidmap").isPresent() && tool("newgidmap").isPresent()) {
            SubordinateIds r = ranges.get();
            return new IdMapping(
                    List.of(new IdMapping.Range(0, me.uid(), 1), new IdMapping.Range(1, r.uidStart(), r.uidCount())),
                    List.of(new IdMapping.Range(0, me.gid(), 1), new IdMapping.Range(1, r.gidStart(), r.gidCount())),
                    true);
        }
        return IdMapping.single(0, me.uid(), 0, me.gid(), false);
    }

    /**
     * The host ids root's builds run as: the first /etc/subuid and /etc/subgid ranges of the
     * user {@code jbuild}, else {@code containers} (podman's), else {@code root}; without any,
     * {@link #DEFAULT_ROOT_RANGE}, a billion ids from 1,000,000,000 that no distribution
     * allocates, so every uid an image uses below that has a host id of its own.
     */
    public SubordinateIds rootRange() {
        for (String user : List.of("jbuild", "containers", "root")) {
            try {
                Optional<SubordinateIds> ranges = SubordinateIds.read(hostRoot.resolve("etc/subuid"),
                        hostRoot.resolve("etc/subgid"), user, -1);
                if (ranges.isPresent()) {
                    return ranges.get();
                }
            } catch (IOException e) {
                break;
            }
        }
        return DEFAULT_ROOT_RANGE;
    }

    /**
     * Whether this process is the host's root: uid 0 in the host's own user namespace, whose
     * steps must run in a subordinate range (root of another namespace is no host root).
     */
    public boolean hostRoot() {
        return identity().root() && inInitialUserNamespace();
    }

    /** Whether this process sees the host's own user namespace: its uid map is the whole id space onto itself. */
    public boolean inInitialUserNamespace() {
        Boolean known = initialUserNamespace;
        if (known == null) {
            known = readInitialUserNamespace();
            initialUserNamespace = known;
        }
        return known;
    }

    // Every sandbox start asks (hostRoot()); the answer cannot change while the JVM runs.
    private boolean readInitialUserNamespace() {
        try {
            String[] fields = Files.readString(hostRoot.resolve("proc/self/uid_map")).trim().split("\\s+");
            return fields.length == 3 && fields[0].equals("0") && fields[1].equals("0") && fields[2].equals("4294967295");
        } catch (IOException e) {
            return true; // no /proc: assume the worst, so root's steps get a range
        }
    }

    // Root of a nested namespace: every id it has, each onto itself.
    private IdMapping ownNamespaceIds() {
        try {
            List<IdMapping.Range> uids = ownRanges("proc/self/uid_map");
            List<IdMapping.Range> gids = ownRanges("proc/self/gid_map");
            return new IdMapping(uids, gids, true);
        } catch (IOException | RuntimeException e) {
            return IdMapping.identity();
        }
    }

    private List<IdMapping.Range> ownRanges(String file) throws IOException {
        List<IdMapping.Range> ranges = new ArrayList<>();
        for (String line : Files.readAllLines(hostRoot.resolve(file))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                long inside = Long.parseLong(f[0]);
                ranges.add(new IdMapping.Range(inside, inside, Long.parseLong(f[2])));
            }
        }
        return ranges;
    }

    /** Why only root is mapped and how to fix it, or empty when the mapping has subordinate ranges. */
    public Optional<String> mappingWarning() {
        HostIdentity me = identity();
        if (me.root() || !namespaceMapping().singleId()) {
            return Optional.empty();
        }
        List<String> fixes = new ArrayList<>();
        if (subordinateIds().isEmpty()) {
            fixes.add("grant a range: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + me.userName());
        }
        if (tool("newuidmap").isEmpty() || tool("newgidmap").isEmpty()) {
            fixes.add("install newuidmap/newgidmap: apt-get install uidmap");
        }
        return Optional.of("only root is mapped in the build's user namespace, so RUN steps cannot chown files or"
                + " switch to other users (USER, apt's _apt sandbox user); to fix: " + String.join("; ", fixes));
    }

    /** Why the kernel will refuse an unprivileged user namespace, with the fix, or empty if nothing says so. */
    public Optional<String> userNamespaceProblem() {
        if (readNumber("proc/sys/user/max_user_namespaces") == 0) {
            return Optional.of("user namespaces are disabled (user.max_user_namespaces = 0): sysctl -w user.max_user_namespaces=15000");
        }
        if (identity().root()) {
            return Optional.empty();
        }
        if (readNumber("proc/sys/kernel/unprivileged_userns_clone") == 0) {
            return Optional.of("unprivileged user namespaces are disabled: sysctl -w kernel.unprivileged_userns_clone=1");
        }
        if (readNumber("proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1) {
            return Optional.of("AppArmor restricts unprivileged user namespaces"
                    + " (kernel.apparmor_restrict_unprivileged_userns = 1): allow them with an AppArmor profile"
                    + " or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
        }
        return Optional.empty();
    }

    /** The number in a /proc/sys file, or -1 when the file does not exist (the setting does not apply). */
    private long readNumber(String file) {
        try {
            return Long.parseLong(Files.readString(hostRoot.resolve(file)).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
