package dev.jbuild.core.context;

import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.NativeFileException;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.layer.RootlessOwnership;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A directory that COPY and ADD read from, the build context or another stage's root: paths
 * are resolved inside it ({@link RootPath}), {@code .dockerignore} rules hide what Docker
 * would not have sent, and owners are presented as the files would arrive in the image.
 *
 * <p>A path is visible when no rule excludes it, or when it is a directory that an exception
 * rule may look into and something below it is visible: such a directory appears only as the
 * parent of what was re-included, as BuildKit's context transfer sends it.
 */
public final class SourceTree {

    /** How the owners of the tree's files are presented. */
    public enum Owners {
        /**
         * Everything belongs to 0:0, as the Docker client resets owners when it sends a build
         * context: whose checkout it was must not change the image or the cache key.
         */
        RESET_TO_ROOT,
        /**
         * The owner in the {@code user.rootlesscontainers} record when a file has one (written by
         * a rootless apply or copy), else the owner on disk as the build's user namespace sees
         * it (a rootless build's own files are root's there): a stage's files keep their owners.
         */
        AS_RECORDED
    }

    /** Rules that exclude paths relative to {@code base}, a directory of the tree. */
    public record ScopedPatterns(IgnorePatterns patterns, String base) {
        public ScopedPatterns {
            Objects.requireNonNull(patterns, "patterns");
            Objects.requireNonNull(base, "base");
        }

        boolean excludes(String path) {
            String relative = relativeToBase(path);
            return relative != null && patterns.excludes(relative);
        }

        boolean mayIncludeBelow(String path) {
            String relative = relativeToBase(path);
            return relative != null && patterns.mayIncludeBelow(relative);
        }

        private String relativeToBase(String path) {
            if (base.equals(".")) {
                return path;
            }
            if (path.equals(base)) {
                return ".";
            }
            return path.startsWith(base + "/") ? path.substring(base.length() + 1) : null;
        }
    }

    private final RootPath paths;
    private final IgnorePatterns ignore;
    private final Owners owners;
    private final OwnerMapping hostOwners;

    public SourceTree(RootPath paths, IgnorePatterns ignore, Owners owners) {
        this(paths, ignore, owners, OwnerMapping.IDENTITY);
    }

    private SourceTree(RootPath paths, IgnorePatterns ignore, Owners owners, OwnerMapping hostOwners) {
        this.paths = Objects.requireNonNull(paths, "paths");
        this.ignore = Objects.requireNonNull(ignore, "ignore");
        this.owners = Objects.requireNonNull(owners, "owners");
        this.hostOwners = Objects.requireNonNull(hostOwners, "host owners");
    }

    /** Another stage's (or image's) root: nothing ignored, owners as recorded, host ids taken as they are. */
    public static SourceTree stageRoot(Path root) {
        return stageRoot(root, OwnerMapping.IDENTITY);
    }

    /** Another stage's (or image's) root: nothing ignored, owners as recorded, host ids read through {@code hostOwners}. */
    public static SourceTree stageRoot(Path root, OwnerMapping hostOwners) {
        try {
            return new SourceTree(RootPath.of(root), IgnorePatterns.NONE, Owners.AS_RECORDED, hostOwners);
        } catch (IOException e) {
            throw new BuildContextException(root.toString(), "cannot read stage root " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return paths.root();
    }

    /** Resolves paths inside this tree as a process confined to its root would ({@link RootPath}). */
    public RootPath paths() {
        return paths;
    }

    public IgnorePatterns ignore() {
        return ignore;
    }

    public Owners owners() {
        return owners;
    }

    /** The host path of a relative path of this tree. */
    public Path host(String path) {
        return paths.host(path);
    }

    /** The tree's own rules plus any more, for visibility checks. */
    public List<ScopedPatterns> rulesWith(ScopedPatterns more) {
        List<ScopedPatterns> rules = new ArrayList<>(2);
        if (!ignore.isEmpty()) {
            rules.add(new ScopedPatterns(ignore, "."));
        }
        if (more != null && !more.patterns().isEmpty()) {
            rules.add(more);
        }
        return rules;
    }

    /** Whether {@code .dockerignore} hides the path (see the class comment). */
    public boolean visible(String path) throws IOException {
        return visible(path, rulesWith(null));
    }

    /**
     * Whether the path is visible under these rules. An excluded directory is searched, depth first
     * in name order, for one visible path below it; a stack rather than recursion, since the tree
     * may be as deep as whoever wrote it liked.
     */
    public boolean visible(String path, List<ScopedPatterns> rules) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pending.push(path);
        while (!pending.isEmpty()) {
            String candidate = pending.pop();
            Visibility visibility = visibility(candidate, rules);
            if (visibility == Visibility.VISIBLE) {
                return true; // the path itself, or one below it that makes it a parent worth sending
            }
            if (visibility == Visibility.HIDDEN_BELOW_TOO || !Files.isDirectory(host(candidate), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<String> names = names(candidate);
            for (int i = names.size() - 1; i >= 0; i--) {
                pending.push(child(candidate, names.get(i)));
            }
        }
        return false;
    }

    private enum Visibility { VISIBLE, HIDDEN_BELOW_TOO, HIDDEN_BUT_MAY_INCLUDE_BELOW }

    private static Visibility visibility(String path, List<ScopedPatterns> rules) {
        if (path.equals(".")) {
            return Visibility.VISIBLE;
        }
        boolean excluded = false;
        for (ScopedPatterns rule : rules) {
            if (rule.excludes(path)) {
                excluded = true;
                if (!rule.mayIncludeBelow(path)) {
                    return Visibility.HIDDEN_BELOW_TOO;
                }
            }
        }
        return excluded ? Visibility.HIDDEN_BUT_MAY_INCLUDE_BELOW : Visibility.VISIBLE;
    }

    /** The names of the directory's visible entries, sorted. */
    public List<String> visibleChildren(String directory, List<ScopedPatterns> rules) throws IOException {
        List<String> names = names(directory);
        if (rules.isEmpty()) {
            return names;
        }
        List<String> visible = new ArrayList<>(names.size());
        for (String name : names) {
            if (visible(child(directory, name), rules)) {
                visible.add(name);
            }
        }
        return visible;
    }

    private List<String> names(String directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(host(directory))) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }

    /** The entry at a relative path, or null if there is none. */
    public SourceEntry entry(String path) throws IOException {
        Path host = host(path);
        Map<String, Object> a;
        try {
            a = Files.readAttributes(host, "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastModifiedTime,ctime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        int rawMode = (Integer) a.get("mode");
        EntryType type = switch (rawMode & 0170000) {
            case 0100000 -> EntryType.FILE;
            case 0040000 -> EntryType.DIRECTORY;
            case 0120000 -> EntryType.SYMLINK;
            case 0010000 -> EntryType.FIFO;
            case 0020000 -> EntryType.CHAR_DEVICE;
            case 0060000 -> EntryType.BLOCK_DEVICE;
            case 0140000 -> EntryType.SOCKET;
            default -> throw new IOException("unknown file type " + Integer.toOctalString(rawMode) + " of " + host);
        };
        Map<String, byte[]> xattrs = type == EntryType.SYMLINK ? new TreeMap<>() : readXattrs(host);
        long uid = 0;
        long gid = 0;
        if (owners == Owners.AS_RECORDED) {
            uid = hostOwners.uid(Integer.toUnsignedLong((Integer) a.get("uid")));
            gid = hostOwners.gid(Integer.toUnsignedLong((Integer) a.get("gid")));
            byte[] record = xattrs.get(RootlessOwnership.XATTR);
            RootlessOwnership recorded = record == null ? null : RootlessOwnership.decode(record);
            if (recorded != null) {
                uid = recorded.uid();
                gid = recorded.gid();
            }
        }
        xattrs.remove(RootlessOwnership.XATTR);
        return new SourceEntry(path, type, rawMode & 07777, uid, gid,
                type == EntryType.FILE ? (Long) a.get("size") : 0,
                nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")),
                (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"), (Long) a.get("rdev"),
                type == EntryType.SYMLINK ? Files.readSymbolicLink(host).toString() : null,
                xattrs);
    }

    /** The relative path of a child of a relative directory path. */
    public static String child(String directory, String name) {
        return directory.equals(".") ? name : directory + "/" + name;
    }

    private Map<String, byte[]> readXattrs(Path host) throws IOException {
        try {
            return ExtendedAttributes.read(host,
                    name -> CarriedXattrs.carried(name) || name.equals(RootlessOwnership.XATTR));
        } catch (NativeFileException e) {
            if (e.isNotSupportedOrPermitted()) {
                return new TreeMap<>(); // a file system without extended attributes
            }
            throw e;
        }
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
