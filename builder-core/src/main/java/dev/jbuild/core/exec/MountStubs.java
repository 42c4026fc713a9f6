package dev.jbuild.core.exec;

import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.fs.OverlayStack;
import dev.jbuild.core.fs.SnapshotMount;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mount points a sandbox had to create in a root filesystem, and their removal afterwards.
 * A mount needs an existing directory or file to land on; where the image has none the sandbox
 * creates an empty one (and any missing parents) before the step and, as BuildKit does,
 * removes it after the step if it is still empty, so {@code /proc} or {@code /etc/hosts} never
 * show up as new files in a snapshot of an image that lacked them. The parent directory's
 * timestamps are put back too: to their value before the stub when nothing else touched the
 * directory, else to their value before the removal.
 *
 * <p>Every sandbox creates its mount points through this before starting, even where the tool
 * (bwrap, runc) would create them itself, so that none is missed.
 */
final class MountStubs {

    private record Created(Path host, String containerPath, boolean directory, Path parent,
                           FileTime parentModifiedBefore, FileTime parentAccessedBefore, FileTime parentModifiedAfter) {
    }

    /** A stub the sandbox creates under an overlay's mount point; {@code upper} is where it then lies on the host. */
    private record Planned(Path upper, String containerPath, boolean directory) {
    }

    /** What a sandbox must create under the overlay's mount point, in order, before it mounts anything. */
    record Creation(Path host, boolean directory) {
    }

    // Stub modes hardly matter (something is mounted over them); created with these, less the umask.
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    /**
     * Mount points BuildKit leaves in layers: runc creates them where an image lacks them and
     * BuildKit does not remove them (moby/buildkit#3455). Kept, so our layers match its layers.
     */
    private static final Set<String> KEPT_LIKE_BUILDKIT = Set.of("/proc", "/sys", "/dev");

    private final Path root;
    private final RootPath.Lookup lookup;
    private final SnapshotMount.Overlay overlay;
    private final OwnerMapping owners;
    private final List<Created> created = new ArrayList<>();
    private final List<Planned> planned = new ArrayList<>();
    private final List<Creation> creations = new ArrayList<>();

    /**
     * Stubs created by the JVM in {@code root}, a directory on the host, owned by container root
     * through {@code owners} when this process may chown (as root, container root is a shifted
     * host id; a rootless JVM's own files are container root's already).
     */
    MountStubs(Path root, OwnerMapping owners) {
        this(root, RootPath.directory(root), null, owners);
    }

    /**
     * Stubs in an overlay that only the sandbox mounts, at {@code root}: the JVM resolves paths
     * in its merged view and leaves the creating to the sandbox ({@link #creations()}), whose
     * root, unlike the JVM, may copy up a directory whatever its owner.
     */
    MountStubs(Path root, SnapshotMount.Overlay overlay) {
        this(root, overlay.stack()::locate, overlay, OwnerMapping.IDENTITY);
    }

    private MountStubs(Path root, RootPath.Lookup lookup, SnapshotMount.Overlay overlay, OwnerMapping owners) {
        this.root = root;
        this.lookup = lookup;
        this.overlay = overlay;
        this.owners = owners;
    }

    RootPath.Lookup lookup() {
        return lookup;
    }

    /** What the sandbox must create before mounting, for an overlay root; empty for a directory root. */
    List<Creation> creations() {
        return List.copyOf(creations);
    }

    /** Resolves {@code target} inside the root and creates whatever is missing of it, recording each as a stub. */
    RootPath.Resolved ensure(String target, boolean directory) throws IOException {
        return ensure(target, directory, true);
    }

    /**
     * The working directory: created like a stub, with its missing parents, as root:root 0755,
     * but kept (it is a real change, as in BuildKit).
     */
    RootPath.Resolved ensureKept(String target) throws IOException {
        return ensure(target, true, false);
    }

    private RootPath.Resolved ensure(String target, boolean directory, boolean stub) throws IOException {
        RootPath.Resolved path = RootPath.over(root, lookup).resolve(target, RootPath.Policy.CONTAINER);
        List<Path> missing = path.missing();
        for (int i = 0; i < missing.size(); i++) {
            Path host = missing.get(i);
            boolean last = i == missing.size() - 1;
            boolean isDirectory = !last || directory;
            if (overlay != null) {
                // the JVM sees the overlay's lower view, where an earlier mount's parents are still
                // missing: each is created once, and parents are listed before their children
                if (creations.stream().anyMatch(c -> c.host().equals(host))) {
                    continue;
                }
                creations.add(new Creation(host, isDirectory));
                if (stub) {
                    planned.add(new Planned(overlay.upper().resolve(root.relativize(host)), containerPath(root, host),
                            isDirectory));
                }
                continue;
            }
            if (!stub) {
                Files.createDirectory(host);
                Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxr-xr-x"));
                giveToContainerRoot(host, owners);
                continue;
            }
            Path parent = host.getParent();
            BasicFileAttributes before = Files.readAttributes(parent, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (isDirectory) {
                Files.createDirectory(host, DIRECTORY_MODE);
            } else {
                Files.createFile(host, FILE_MODE);
            }
            giveToContainerRoot(host, owners);
            FileTime after = Files.getLastModifiedTime(parent, LinkOption.NOFOLLOW_LINKS);
            created.add(new Created(host, containerPath(root, host), isDirectory, parent, before.lastModifiedTime(),
                    before.lastAccessTime(), after));
        }
        return path;
    }

    /**
     * Gives {@code path}, when host root owns it (the JVM made it and no layer gave it an owner),
     * to the host ids that stand for container root under {@code owners}: as root, a shifted
     * range, without which the step could not write there.
     */
    static void giveToContainerRoot(Path path, OwnerMapping owners) throws IOException {
        long uid = owners.hostUid(0);
        long gid = owners.hostGid(0);
        if ((uid == 0 && gid == 0) || uid == OwnerMapping.UNMAPPED || gid == OwnerMapping.UNMAPPED) {
            return;
        }
        int ownerUid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int ownerGid = (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (ownerUid == 0 && ownerGid == 0) {
            PosixAttributes.lchown(path, uid, gid);
        }
    }

    /** Removes, innermost first, every stub that is still empty; returns all stubs with what became of them. */
    List<MountStub> removeEmpty() {
        List<MountStub> stubs = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            Created stub = created.get(i);
            if (KEPT_LIKE_BUILDKIT.contains(stub.containerPath())) {
                continue;
            }
            stubs.add(0, new MountStub(stub.containerPath(), stub.directory(), removeIfEmpty(stub)));
        }
        for (int i = planned.size() - 1; i >= 0; i--) {
            Planned stub = planned.get(i);
            if (KEPT_LIKE_BUILDKIT.contains(stub.containerPath())) {
                continue;
            }
            stubs.add(0, new MountStub(stub.containerPath(), stub.directory(), removeIfEmpty(stub)));
        }
        created.clear();
        planned.clear();
        return stubs;
    }

    /**
     * Removes a stub the sandbox made in the overlay, from the upper directory. Its parent's
     * times go back to the lower directories' when the stub was the last thing written into it
     * (the parent's mtime is the stub's: one syscall set both), else to their value before the
     * removal, as {@link #removeIfEmpty(Created)} does for a directory root.
     */
    private boolean removeIfEmpty(Planned stub) {
        try {
            BasicFileAttributes now = Files.readAttributes(stub.upper(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (stub.directory() ? !now.isDirectory() || !empty(stub.upper()) : !now.isRegularFile() || now.size() != 0) {
                return false;
            }
            Path parent = stub.upper().getParent();
            BasicFileAttributes before = Files.readAttributes(parent, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.delete(stub.upper());
            FileTime modified = before.lastModifiedTime();
            FileTime accessed = before.lastAccessTime();
            if (modified.equals(now.lastModifiedTime())) {
                Path lower = new OverlayStack(overlay.lowerDirectories())
                        .locate(overlay.upper().relativize(parent).toString());
                if (lower != null) {
                    BasicFileAttributes original = Files.readAttributes(lower, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    modified = original.lastModifiedTime();
                    accessed = original.lastAccessTime();
                }
            }
            Files.getFileAttributeView(parent, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, accessed, null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean removeIfEmpty(Created stub) {
        try {
            BasicFileAttributes now = Files.readAttributes(stub.host(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (stub.directory() ? !now.isDirectory() || !empty(stub.host()) : !now.isRegularFile() || now.size() != 0) {
                return false;
            }
            BasicFileAttributes parent = Files.readAttributes(stub.parent(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean untouched = parent.lastModifiedTime().equals(stub.parentModifiedAfter());
            Files.delete(stub.host());
            Files.getFileAttributeView(stub.parent(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(
                    untouched ? stub.parentModifiedBefore() : parent.lastModifiedTime(),
                    untouched ? stub.parentAccessedBefore() : parent.lastAccessTime(), null);
            return true;
        } catch (IOException e) {
            // Left in place: the snapshot then shows it, which is what BuildKit does when removal fails too.
            return false;
        }
    }

    private static boolean empty(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }

    private static String containerPath(Path root, Path host) {
        return "/" + root.relativize(host);
    }
}
