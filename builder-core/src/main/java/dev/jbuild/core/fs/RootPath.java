package dev.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Resolves paths inside a root directory the way a process confined to that root sees them,
 * reading every symlink ourselves so the host never resolves one for us: a link to {@code /etc}
 * leads to {@code <root>/etc}, never to the host's. The requested path is first cleaned
 * lexically ({@link PathClean}), so its own {@code ..} stops at the root; what a symlink met on
 * the way may do is the {@link Policy}'s choice. At most {@value #MAX_SYMLINKS} symlinks are
 * followed per resolution, Linux's own limit for one lookup, so a path resolves here exactly
 * when it resolves for the step inside the root (BuildKit's COPY allows 255; no real image needs
 * more than 40).
 *
 * <p>Assumes nothing else changes the root while a path is resolved.
 */
public final class RootPath {

    /** Symlinks followed in one resolution before it fails, as the kernel's MAXSYMLINKS. */
    public static final int MAX_SYMLINKS = 40;

    /** What a symlink that would leave the root does: an absolute target, or {@code ..} above the root. */
    public enum Escapes {
        /** Starts again at the root, as after chroot; BuildKit's rule for COPY and RUN mounts, containerd's for layers. */
        REROOT,
        /** Fails, for callers that must never meet such a link. */
        REFUSE
    }

    /** What a component that does not exist does. */
    public enum Missing {
        /** Ends the lookup: it and the rest are {@link Resolved#missing()}, taken as written. */
        REPORT,
        /** Every missing directory above the final component is created (the final one is reported). */
        CREATE
    }

    /** Whether a symlink that is the final component is followed or named itself. */
    public enum FinalLink {
        FOLLOW,
        KEEP
    }

    /** How a resolution treats escaping symlinks, missing components and a final symlink. */
    public record Policy(Escapes escapes, Missing missing, FinalLink finalLink) {

        /** What a step inside the root sees: links re-rooted, missing parts reported, the final link followed. */
        public static final Policy CONTAINER = new Policy(Escapes.REROOT, Missing.REPORT, FinalLink.FOLLOW);

        /** A COPY source or destination entry as BuildKit names it: as {@link #CONTAINER}, a final link kept. */
        public static final Policy CONTAINER_ENTRY = new Policy(Escapes.REROOT, Missing.REPORT, FinalLink.KEEP);

        /**
         * Where a layer entry goes, as containerd's applier puts it: links re-rooted (so
         * {@code lnk -> /etc} then {@code lnk/file} writes the root's {@code etc/file}), parents
         * created, the entry itself never followed.
         */
        public static final Policy LAYER_ENTRY = new Policy(Escapes.REROOT, Missing.CREATE, FinalLink.KEEP);

        public Policy {
            Objects.requireNonNull(escapes, "escapes");
            Objects.requireNonNull(missing, "missing");
            Objects.requireNonNull(finalLink, "finalLink");
        }

        public Policy with(FinalLink finalLink) {
            return new Policy(escapes, missing, finalLink);
        }

        public Policy with(Missing missing) {
            return new Policy(escapes, missing, finalLink);
        }
    }

    /**
     * Where the JVM finds what the root shows at a path relative to it (empty for the root), not
     * following a final symlink; null or a path with nothing there when there is none. For a
     * plain directory it is the same place; for an overlay it is in the upper or a lower directory.
     */
    public interface Lookup {
        Path locate(String relative) throws IOException;
    }

    /** Creates one missing directory of the root under {@link Missing#CREATE}, giving it its owner and mode. */
    public interface DirectoryMaker {
        void make(Path directory) throws IOException;
    }

    /**
     * Gives the root its own copy of a directory that so far only a lower directory of an
     * overlay stack holds (its metadata, not its contents), so an entry can be written below it.
     */
    public interface CopyUp {
        void copy(Path upper, Path lower) throws IOException;
    }

    /**
     * A resolved path: {@code host} the host path under the root; {@code containerPath} the same
     * place as an absolute path inside the root with no symlinks left (but a kept final one);
     * {@code missing} the host paths, outermost first, that do not exist; {@code source} where
     * the JVM reads what is there ({@link Lookup}), null when it is missing.
     */
    public record Resolved(Path host, String containerPath, List<Path> missing, Path source) {

        public Resolved {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(containerPath, "containerPath");
            missing = List.copyOf(missing);
        }

        public boolean exists() {
            return missing.isEmpty();
        }

        /** The path relative to the root, {@code .} for the root itself. */
        public String relative() {
            return containerPath.equals("/") ? "." : containerPath.substring(1);
        }
    }

    private final Path root;
    private final Lookup lookup;
    private final DirectoryMaker maker;
    private final CopyUp copyUp;

    private RootPath(Path root, Lookup lookup, DirectoryMaker maker, CopyUp copyUp) {
        this.root = Objects.requireNonNull(root, "root");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.maker = Objects.requireNonNull(maker, "maker");
        this.copyUp = Objects.requireNonNull(copyUp, "copyUp");
    }

    /** Paths inside the existing directory {@code root}, resolved on the host once, here. */
    public static RootPath of(Path root) throws IOException {
        return of(root, Files::createDirectory);
    }

    /** As {@link #of(Path)}, creating missing directories with {@code maker}. */
    public static RootPath of(Path root, DirectoryMaker maker) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new FileSystemException(root.toString(), null, "not a directory");
        }
        return new RootPath(real, directory(real), maker, (upper, lower) -> {
            throw new FileSystemException(upper.toString(), null, "a plain root has no lower directories");
        });
    }

    /**
     * The upper directory {@code upper} of an overlay stack that {@code lookup} reads (upper
     * first): paths resolve through what the whole stack shows, symlinks in lower directories
     * included, as containerd resolves a layer's entries over the layers below; under
     * {@link Missing#CREATE} a directory on the way that only a lower one holds is copied up
     * with {@code copyUp}, a missing one made with {@code maker}, both in {@code upper}.
     */
    public static RootPath layered(Path upper, Lookup lookup, DirectoryMaker maker, CopyUp copyUp) throws IOException {
        Path real = upper.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new FileSystemException(upper.toString(), null, "not a directory");
        }
        return new RootPath(real, lookup, maker, copyUp);
    }

    /** Paths inside the root that a sandbox mounts at {@code root} and that {@code lookup} reads; nothing is created. */
    public static RootPath over(Path root, Lookup lookup) {
        return new RootPath(root, lookup, directory -> {
            throw new FileSystemException(directory.toString(), null, "not created: the root is read through a lookup");
        }, (upper, lower) -> {
            throw new FileSystemException(upper.toString(), null, "not copied up: the root is read through a lookup");
        });
    }

    /** The lookup of a root that is a plain directory. */
    public static Lookup directory(Path root) {
        return relative -> relative.isEmpty() ? root : root.resolve(relative);
    }

    public Path root() {
        return root;
    }

    /** The host path of a path relative to the root ({@code .} or empty for the root), taken as written. */
    public Path host(String relative) {
        return relative.isEmpty() || relative.equals(".") ? root : root.resolve(relative);
    }

    /** Resolves {@code path}, absolute or relative to the root, under {@code policy}. */
    public Resolved resolve(String path, Policy policy) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components(PathClean.absolute(path)));
        List<String> resolved = new ArrayList<>();
        int missingFrom = -1;
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.equals("..")) {
                climb(path, policy, resolved, missingFrom);
                continue;
            }
            if (missingFrom >= 0) {
                resolved.add(component); // nothing below a missing directory can be a symlink
                continue;
            }
            String relative = join(resolved, component);
            Path located = lookup.locate(relative);
            BasicFileAttributes attributes = located == null ? null : NoFollow.attributesOrNull(located);
            boolean last = pending.isEmpty();
            if (attributes == null) {
                if (policy.missing() == Missing.CREATE && !last) {
                    maker.make(host(relative));
                } else {
                    missingFrom = resolved.size();
                }
                resolved.add(component);
                continue;
            }
            if (attributes.isSymbolicLink() && (!last || policy.finalLink() == FinalLink.FOLLOW)) {
                if (++links > MAX_SYMLINKS) {
                    throw new RootPathException(path, RootPathException.Cause.TOO_MANY_LINKS,
                            "too many levels of symbolic links (more than " + MAX_SYMLINKS + ")");
                }
                String target = Files.readSymbolicLink(located).toString();
                if (target.startsWith("/")) {
                    if (policy.escapes() == Escapes.REFUSE) {
                        throw new RootPathException(path, RootPathException.Cause.ESCAPE, "its path goes through symlink '/"
                                + relative + "' -> '" + target + "', an absolute link that points outside the root");
                    }
                    resolved.clear();
                }
                List<String> targetComponents = components(target);
                for (int i = targetComponents.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetComponents.get(i));
                }
                continue;
            }
            if (!attributes.isDirectory() && !last) {
                throw new RootPathException(path, RootPathException.Cause.NOT_A_DIRECTORY,
                        "'/" + relative + "' on its path is not a directory");
            }
            if (policy.missing() == Missing.CREATE && !last && !located.equals(host(relative))
                    && NoFollow.attributesOrNull(host(relative)) == null) {
                copyUp.copy(host(relative), located);
            }
            resolved.add(component);
        }
        return result(resolved, missingFrom);
    }

    // Only a symlink target brings ".." here: the requested path was cleaned.
    private static void climb(String path, Policy policy, List<String> resolved, int missingFrom)
            throws RootPathException {
        if (missingFrom >= 0) {
            // The kernel fails here too; climbing back lexically could land on a host symlink unchecked.
            throw new RootPathException(path, RootPathException.Cause.MISSING_PARENT,
                    "a symlink climbs out of missing directory '/" + String.join("/", resolved) + "'");
        }
        if (resolved.isEmpty()) {
            if (policy.escapes() == Escapes.REFUSE) {
                throw new RootPathException(path, RootPathException.Cause.ESCAPE,
                        "a symlink on its path climbs above the root");
            }
            return;
        }
        resolved.remove(resolved.size() - 1);
    }

    private Resolved result(List<String> resolved, int missingFrom) throws IOException {
        String relative = String.join("/", resolved);
        Path host = host(relative);
        if (missingFrom < 0) {
            return new Resolved(host, "/" + relative, List.of(), lookup.locate(relative));
        }
        List<Path> missing = new ArrayList<>();
        for (int i = missingFrom; i < resolved.size(); i++) {
            missing.add(host(String.join("/", resolved.subList(0, i + 1))));
        }
        return new Resolved(host, "/" + relative, missing, null);
    }

    private static String join(List<String> resolved, String component) {
        return resolved.isEmpty() ? component : String.join("/", resolved) + "/" + component;
    }

    private static List<String> components(String path) {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        return components;
    }
}
