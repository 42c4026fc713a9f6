package dev.jbuild.core.copy;

import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.layer.RootlessOwnership;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.NativeFileException;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.fs.SpecialFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes entries into a root directory at paths already resolved inside it ({@link
 * RootPath}): the parent of every path exists and holds no symlink, and the last component
 * is never followed, since an existing entry there is removed or merged, not written through.
 *
 * <p>Ownership: as root, entries get the owner asked for. Without root the kernel forbids giving
 * files away, so they stay the caller's and a non-root owner is recorded in the {@code
 * user.rootlesscontainers} attribute instead, as the layer applier does, for the layer writer to
 * read back. A directory's mode and time are set last, deepest first ({@link #finishDirectories}):
 * a read-only directory would block its own contents for a non-root caller, and writing the
 * contents moves its time.
 */
final class DestinationWriter {

    private static final long TRANSFER_CHUNK = 1L << 30;

    private record DirectoryFinish(Path path, int mode, Long mtimeSeconds) {
    }

    private final RootPath scope;
    private final boolean applyOwnership;
    private final OwnerMapping owners;
    private final List<DirectoryFinish> directories = new ArrayList<>();
    private final byte[] buffer = new byte[64 * 1024];
    private long entries;
    private long bytes;

    DestinationWriter(RootPath scope, boolean applyOwnership, OwnerMapping owners) {
        this.scope = scope;
        this.applyOwnership = applyOwnership;
        this.owners = owners;
    }

    RootPath scope() {
        return scope;
    }

    Path host(String path) {
        return scope.host(path);
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }

    /** Creates the missing directories of a resolved path, 0755 and owned by {@code owner}. */
    void mkdirs(String path, FileOwner owner) throws IOException {
        if (path.equals(".")) {
            return;
        }
        Path current = scope.root();
        for (String component : path.split("/")) {
            current = current.resolve(component);
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes != null && attributes.isDirectory()) {
                continue;
            }
            if (attributes != null) {
                throw new CopyException(display(current), "cannot create directory " + display(current)
                        + ": a file that is not a directory is in the way");
            }
            Files.createDirectory(current);
            entries++;
            PosixAttributes.chmod(current, 0755); // whatever the umask says
            applyOwner(current, owner, false, false);
        }
    }

    /**
     * Makes {@code path} a directory: true if it was created, false if one was there (to be
     * merged into). {@code replaceOther} removes a non-directory in the way (tar extraction);
     * otherwise that is an error, as in BuildKit.
     */
    boolean directory(String path, boolean replaceOther) throws IOException {
        Path host = host(path);
        BasicFileAttributes existing = attributesOrNull(host);
        if (existing != null && existing.isDirectory()) {
            return false;
        }
        if (existing != null) {
            if (!replaceOther) {
                throw new CopyException(display(host), "cannot copy a directory to non-directory " + display(host));
            }
            TreeDeletion.delete(host);
        }
        Files.createDirectory(host);
        entries++;
        return true;
    }

    /**
     * Clears the way for a non-directory at {@code path}: another non-directory is removed; a
     * directory is an error unless {@code replaceDirectories} (tar extraction replaces it).
     */
    void clear(String path, boolean replaceDirectories) throws IOException {
        Path host = host(path);
        BasicFileAttributes existing = attributesOrNull(host);
        if (existing == null) {
            return;
        }
        if (existing.isDirectory() && !replaceDirectories) {
            throw new CopyException(display(host), "cannot replace directory " + display(host) + " with a file");
        }
        TreeDeletion.delete(host);
    }

    void file(String path, InputStream content) throws IOException {
        Path host = host(path);
        try (OutputStream out = Files.newOutputStream(host, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            // one buffer for every file: InputStream.transferTo allocates one per call, which for a
            // 100,000-file COPY is most of what the copy allocates
            for (int n; (n = content.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                bytes += n;
            }
        }
        entries++;
    }

    /**
     * Copies the regular file {@code source} (a host path) to {@code path} in the kernel
     * (sendfile), through no buffer of ours, up to where the source ends when read.
     */
    void file(String path, Path source) throws IOException {
        Path host = host(path);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(host, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            long position = 0;
            for (long n; (n = in.transferTo(position, TRANSFER_CHUNK, out)) > 0; ) {
                position += n;
            }
            bytes += position;
        }
        entries++;
    }

    void symlink(String path, String target) throws IOException {
        Files.createSymbolicLink(host(path), Path.of(target));
        entries++;
    }

    /** Links {@code path} to the existing non-directory {@code existing}; link(2) never follows a symlink. */
    void hardlink(String path, String existing) throws IOException {
        Files.createLink(host(path), host(existing));
        entries++;
    }

    void fifo(String path) throws IOException {
        SpecialFiles.createFifo(host(path), 0600);
        entries++;
    }

    /** Creates a device node; false (and nothing created) without the privilege, as rootless Docker skips them. */
    boolean device(String path, boolean block, long major, long minor) throws IOException {
        if (!applyOwnership) {
            return false;
        }
        try {
            SpecialFiles.createDevice(host(path), block, 0600, major, minor);
        } catch (NativeFileException e) {
            if (e.isNotSupportedOrPermitted()) {
                return false;
            }
            throw e;
        }
        entries++;
        return true;
    }

    /**
     * Owner, then mode (chown clears setuid bits), then attributes (chown clears capabilities),
     * then time; a directory's mode and time wait for {@link #finishDirectories}. {@code existed}
     * says the entry was there before, so an old ownership record may need overwriting.
     */
    void finish(String path, TargetAttributes attributes, boolean existed) throws IOException {
        Path host = host(path);
        BasicFileAttributes kind = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean symlink = kind.isSymbolicLink();
        applyOwner(host, attributes.owner(), symlink, existed);
        if (kind.isDirectory()) {
            applyXattrs(host, attributes.xattrs());
            directories.add(new DirectoryFinish(host, attributes.mode(), attributes.mtimeSeconds()));
            return;
        }
        if (!symlink && attributes.mode() >= 0) {
            PosixAttributes.chmod(host, attributes.mode());
        }
        if (!symlink) {
            applyXattrs(host, attributes.xattrs());
        }
        if (attributes.mtimeSeconds() != null) {
            PosixAttributes.setMtime(host, attributes.mtimeSeconds());
        }
    }

    /** Sets the time of a directory that keeps its mode and owner (a merged-into destination). */
    void finishTimeOnly(String path, long mtimeSeconds) {
        directories.add(new DirectoryFinish(host(path), -1, mtimeSeconds));
    }

    void finishDirectories() throws IOException {
        for (int i = directories.size() - 1; i >= 0; i--) {
            DirectoryFinish directory = directories.get(i);
            BasicFileAttributes attributes = attributesOrNull(directory.path());
            if (attributes == null || !attributes.isDirectory()) {
                continue; // replaced by a later entry
            }
            if (directory.mode() >= 0) {
                PosixAttributes.chmod(directory.path(), directory.mode());
            }
            if (directory.mtimeSeconds() != null) {
                PosixAttributes.setMtime(directory.path(), directory.mtimeSeconds());
            }
        }
        directories.clear();
    }

    private void applyOwner(Path host, FileOwner owner, boolean symlink, boolean existed) throws IOException {
        long uid = owners.hostUid(owner.uid());
        long gid = owners.hostGid(owner.gid());
        if (applyOwnership && uid != OwnerMapping.UNMAPPED && gid != OwnerMapping.UNMAPPED) {
            try {
                PosixAttributes.lchown(host, uid, gid);
                return;
            } catch (NativeFileException e) {
                // Root in a user namespace without that id mapped: record it instead, below.
            }
        }
        if (symlink) {
            return; // the kernel allows no user attributes on a symlink
        }
        try {
            if (!owner.equals(FileOwner.ROOT)) {
                ExtendedAttributes.set(host, RootlessOwnership.XATTR,
                        new RootlessOwnership(owner.uid(), owner.gid()).encode());
            } else if (existed && ExtendedAttributes.get(host, RootlessOwnership.XATTR) != null) {
                // The empty record means 0:0; there is no remove call to drop the old one.
                ExtendedAttributes.set(host, RootlessOwnership.XATTR, new byte[0]);
            }
        } catch (NativeFileException e) {
            if (!e.isNotSupportedOrPermitted()) {
                throw e;
            }
            // No user attributes on this file system: the owner is lost, as with any rootless copy.
        }
    }

    private static void applyXattrs(Path host, Map<String, byte[]> xattrs) throws IOException {
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            if (xattr.getKey().equals(RootlessOwnership.XATTR)) {
                continue; // a source must not forge the ownership record
            }
            try {
                ExtendedAttributes.set(host, xattr.getKey(), xattr.getValue());
            } catch (NativeFileException e) {
                // BuildKit only logs these: not every file system or privilege level takes every attribute.
                if (!e.isNotSupportedOrPermitted()) {
                    throw e;
                }
            }
        }
    }

    /** The path as the image sees it, for messages. */
    String display(Path host) {
        return "/" + scope.root().relativize(host);
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
