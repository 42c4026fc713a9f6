package dev.jbuild.core.layer;

import dev.jbuild.core.fs.HostIdentity;
import dev.jbuild.core.fs.NoFollow;
import dev.jbuild.core.fs.OverlayStack;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.fs.RootPathException;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestingInputStream;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.NativeFileException;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.fs.SpecialFiles;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import dev.jbuild.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Applies a layer (tar, gzip or zstd, detected from its first bytes) on top of a directory
 * holding the layers below: whiteouts delete, opaque markers hide what the lower layers had
 * in a directory, hardlinks link within the root. Every entry is resolved inside the root
 * ({@link RootPath}; a symlink on the way, absolute or climbing, is re-rooted as containerd does), so no
 * entry lands outside it; an entry whose own name climbs out is refused with its name, before anything is
 * written for it.
 *
 * <p>Ownership: as root, files get the uid and gid the layer declares. Without root, the
 * kernel forbids giving files to other users, so they stay owned by the caller and the
 * declared owner is recorded in the {@code user.rootlesscontainers} attribute instead (when
 * the file system allows user attributes), which {@link LayerWriter} reads back; failing
 * instead would make rootless builds impossible. Device nodes likewise need root and are
 * skipped without it, as rootless Docker does.
 */
public final class LayerApplier {

    /**
     * Whether to chown files to the owners the layer declares (possible only as root), through
     * which {@code owners} (container ids to the host ids that stand for them in the build's user
     * namespace), and whether whiteouts stay in the tree in overlayfs's form
     * ({@code overlayWhiteouts}: a character device 0:0 for {@code .wh.NAME}, the
     * {@code user.overlay.opaque} attribute for an opaque marker) instead of deleting, for
     * extracting one layer into a directory of its own that overlayfs stacks over the layers below.
     */
    public record Options(boolean applyOwnership, boolean overlayWhiteouts, OwnerMapping owners) {

        public Options {
            Objects.requireNonNull(owners, "owners");
        }

        public Options(boolean applyOwnership) {
            this(applyOwnership, false, OwnerMapping.IDENTITY);
        }

        /** Applies ownership, as the layer declares it, when this process runs as root. */
        public static Options forCurrentProcess() {
            return new Options(HostIdentity.current().root());
        }

        /** Applies ownership when this process runs as root, shifted through {@code mapping}. */
        public static Options forCurrentProcess(OwnerMapping mapping) {
            return new Options(HostIdentity.current().root(), false, mapping);
        }

        /** These options, keeping whiteouts as overlayfs reads them. */
        public Options withOverlayWhiteouts() {
            return new Options(applyOwnership, true, owners);
        }
    }

    /** The attribute overlayfs mounted with {@code userxattr} reads as "this directory hides the ones below". */
    public static final String OVERLAY_OPAQUE = "user.overlay.opaque";

    private final Options options;

    public LayerApplier(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public LayerApplier() {
        this(Options.forCurrentProcess());
    }

    // Directories a layer implies without listing them are root's, as in Docker; as root that is
    // the host id standing for container root.
    private RootPath.DirectoryMaker impliedDirectory() {
        long uid = options.owners().hostUid(0);
        long gid = options.owners().hostGid(0);
        if (!options.applyOwnership() || uid == OwnerMapping.UNMAPPED || gid == OwnerMapping.UNMAPPED
                || (uid == 0 && gid == 0)) {
            return Files::createDirectory;
        }
        return directory -> PosixAttributes.lchown(Files.createDirectory(directory), uid, gid);
    }

    /** Applies the layer file onto {@code root}. */
    public AppliedLayer apply(Path layer, Path root) {
        try (InputStream in = Files.newInputStream(layer)) {
            return apply(in, root, null);
        } catch (IOException e) {
            throw new LayerException("could not read layer " + layer + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the layer stream onto {@code root}; if {@code expectedDiffId} is given and the
     * tar does not hash to it, throws after applying, so the caller must discard the root.
     */
    public AppliedLayer apply(InputStream layer, Path root, Digest expectedDiffId) {
        return apply(layer, root, expectedDiffId, copyUp -> RootPath.of(root, impliedDirectory()));
    }

    /**
     * Applies the layer stream into {@code upper}, the directory of this layer alone in an
     * overlay stack over {@code lowersTopFirst} (the layers below, already extracted): entries
     * resolve through what the stack shows, as containerd applies a layer onto a view of its
     * parents, so a symlink from a lower layer leads where it points; a directory on the way
     * that only a lower layer holds is copied up with its mode, owner and time.
     */
    public AppliedLayer applyOver(InputStream layer, Path upper, List<Path> lowersTopFirst, Digest expectedDiffId) {
        return apply(layer, upper, expectedDiffId, copyUp -> {
            Path real = upper.toRealPath();
            List<Path> stack = new ArrayList<>();
            stack.add(real);
            stack.addAll(lowersTopFirst);
            OverlayStack view = new OverlayStack(stack);
            return RootPath.layered(real, view::locate, impliedDirectory(), copyUp);
        });
    }

    /** How an application's paths resolve, given what copies a lower directory up. */
    private interface Scope {
        RootPath create(RootPath.CopyUp copyUp) throws IOException;
    }

    private AppliedLayer apply(InputStream layer, Path root, Digest expectedDiffId, Scope scope) {
        Application application;
        try {
            application = new Application(scope);
        } catch (IOException e) {
            throw new LayerException("layer root " + root + " is not usable: " + e.getMessage(), e);
        }
        AppliedLayer applied = application.run(layer);
        if (expectedDiffId != null && !expectedDiffId.equals(applied.diffId())) {
            throw new LayerException("layer applied to " + root + " has diff_id " + applied.diffId() + ", expected "
                    + expectedDiffId + "; the layer is corrupt and the root must be discarded");
        }
        return applied;
    }

    /** The state of applying one layer. */
    private final class Application {
        private final RootPath scope;
        /** Host paths (relative to the root) this layer created or replaced; opaque markers keep these. */
        private final Set<String> written = new HashSet<>();
        private final List<DirectoryMetadata> directories = new ArrayList<>();
        private String current;
        private long recordedOwners;

        Application(Scope scope) throws IOException {
            this.scope = scope.create(this::copyUp);
        }

        /** A lower layer's directory in this layer's own: its owner now, its mode and time once the layer is in. */
        private void copyUp(Path upper, Path lower) throws IOException {
            Map<String, Object> attributes = Files.readAttributes(lower, "unix:mode,uid,gid,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            Files.createDirectory(upper);
            if (options.applyOwnership()) {
                PosixAttributes.lchown(upper, (Integer) attributes.get("uid"), (Integer) attributes.get("gid"));
            } else {
                copyOwnerRecord(upper, lower, (Integer) attributes.get("uid"), (Integer) attributes.get("gid"));
            }
            long mtime = ((FileTime) attributes.get("lastModifiedTime")).toMillis() / 1000;
            directories.add(new DirectoryMetadata(upper, (Integer) attributes.get("mode") & 07777, mtime));
        }

        /**
         * Without root the copy is the caller's, so the lower directory's owner goes on as a
         * record: the one it carries, else (its owner given for real through the subordinate ids,
         * its record dropped) the container ids its host owner stands for.
         */
        private void copyOwnerRecord(Path upper, Path lower, long hostUid, long hostGid) throws IOException {
            try {
                byte[] recorded = ExtendedAttributes.read(lower, RootlessOwnership.XATTR::equals)
                        .get(RootlessOwnership.XATTR);
                if (recorded == null) {
                    long uid = options.owners().uid(hostUid);
                    long gid = options.owners().gid(hostGid);
                    if (uid == 0 && gid == 0) {
                        return;
                    }
                    recorded = new RootlessOwnership(uid, gid).encode();
                }
                ExtendedAttributes.set(upper, RootlessOwnership.XATTR, recorded);
                recordedOwners++;
            } catch (NativeFileException e) {
                // No user attributes on this file system: the lower one recorded no owner either.
            }
        }

        /**
         * The host directory for {@code directory} inside the image, creating missing directories
         * when {@code create}; null if it is missing and not created.
         */
        private Path directory(LayerPath directory, String entryName, boolean create) throws IOException {
            RootPath.Policy policy = RootPath.Policy.LAYER_ENTRY.with(RootPath.FinalLink.FOLLOW);
            RootPath.Resolved resolved = resolve(directory, entryName,
                    create ? policy : policy.with(RootPath.Missing.REPORT));
            if (resolved.exists()) {
                return resolved.host();
            }
            if (!create) {
                return null;
            }
            impliedDirectory().make(resolved.host()); // the parents were made on the way
            return resolved.host();
        }

        /**
         * The host path for an entry: its resolved parent directory plus its own name, never
         * followed; null if the parent is missing and not created.
         */
        private Path entry(LayerPath path, String entryName, boolean createParents) throws IOException {
            RootPath.Policy policy = RootPath.Policy.LAYER_ENTRY;
            RootPath.Resolved resolved = resolve(path, entryName,
                    createParents ? policy : policy.with(RootPath.Missing.REPORT));
            return resolved.missing().size() > 1 ? null : resolved.host();
        }

        private RootPath.Resolved resolve(LayerPath path, String entryName, RootPath.Policy policy) throws IOException {
            try {
                return scope.resolve(String.join("/", path.components()), policy);
            } catch (RootPathException e) {
                throw new UnsafeLayerEntryException(entryName, e.getReason());
            }
        }

        private String relative(Path host) {
            return scope.root().relativize(host).toString();
        }

        AppliedLayer run(InputStream layer) {
            long entries = 0;
            try {
                DigestingInputStream tarBytes = new DigestingInputStream(Compression.decompress(layer));
                TarReader reader = new TarReader(tarBytes);
                for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                    current = entry.name();
                    applyEntry(entry, reader);
                    entries++;
                }
                current = null;
                // The diff_id covers the whole tar, end-of-archive blocks and padding included.
                tarBytes.transferTo(OutputStream.nullOutputStream());
                finishDirectories();
                return new AppliedLayer(tarBytes.digest(), entries, recordedOwners);
            } catch (IOException e) {
                String where = current == null ? "" : " at entry '" + current + "'";
                throw new LayerException("could not apply layer to " + scope.root() + where + ": " + e.getMessage(), e);
            } catch (InvalidPathException e) {
                // Java fixes its file name encoding at start from the locale; without a UTF-8 one it is ASCII.
                throw new LayerException("could not apply layer to " + scope.root() + ": entry '" + current
                        + "' has a name this Java cannot use as a file name in its encoding "
                        + System.getProperty("sun.jnu.encoding") + "; run it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"
                        + " (the jbuild launcher sets one)", e);
            }
        }

        private void applyEntry(TarEntry entry, TarReader reader) throws IOException {
            LayerPath path = LayerPath.parse(entry.name());
            if (path.isRoot()) {
                return; // the root's own metadata belongs to whoever made the root
            }
            String name = path.name();
            if (options.overlayWhiteouts() && Whiteout.isWhiteoutName(name)) {
                applyOverlayWhiteout(path, entry.name());
                return;
            }
            if (name.equals(Whiteout.OPAQUE_MARKER)) {
                Path directory = directory(path.parent(), entry.name(), false);
                if (directory != null) {
                    clearExceptWritten(directory);
                }
                return;
            }
            if (Whiteout.isWhiteoutName(name)) {
                LayerPath deleted = whiteoutTarget(path, entry.name());
                Path target = entry(deleted, entry.name(), false);
                if (target != null && NoFollow.attributesOrNull(target) != null) {
                    TreeDeletion.delete(target);
                }
                return;
            }
            Path target = entry(path, entry.name(), true);
            switch (entry.type()) {
                case DIRECTORY -> applyDirectory(entry, target);
                case FILE -> {
                    replace(target);
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        reader.content().transferTo(out);
                    }
                    finishFile(entry, target);
                }
                case SYMLINK -> {
                    replace(target);
                    Files.createSymbolicLink(target, Path.of(entry.linkName()));
                    finishFile(entry, target);
                }
                case HARDLINK -> applyHardlink(entry, target);
                case FIFO -> {
                    replace(target);
                    SpecialFiles.createFifo(target, entry.mode());
                    finishFile(entry, target);
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> applyDevice(entry, target);
            }
            markWritten(target);
        }

        /**
         * An opaque marker becomes the attribute on its directory; a whiteout becomes a 0:0
         * character device, which the kernel lets anyone create for overlayfs's sake.
         */
        private void applyOverlayWhiteout(LayerPath path, String entryName) throws IOException {
            if (path.name().equals(Whiteout.OPAQUE_MARKER)) {
                Path directory = directory(path.parent(), entryName, true);
                ExtendedAttributes.set(directory, OVERLAY_OPAQUE, new byte[] {'y'});
                return;
            }
            Path target = entry(whiteoutTarget(path, entryName), entryName, true);
            replace(target);
            SpecialFiles.createDevice(target, false, 0, 0, 0);
        }

        /** Records the entry and its ancestors, so an opaque marker later in the tar keeps the path to it. */
        private void markWritten(Path target) {
            for (Path relative = scope.root().relativize(target); relative != null; relative = relative.getParent()) {
                if (!written.add(relative.toString())) {
                    return; // its ancestors were recorded with it
                }
            }
        }

        private LayerPath whiteoutTarget(LayerPath whiteout, String entryName) {
            String deleted = whiteout.name().substring(Whiteout.PREFIX.length());
            if (deleted.isEmpty() || deleted.equals(".") || deleted.equals("..")) {
                throw new UnsafeLayerEntryException(entryName, "whiteout of '" + deleted + "'");
            }
            return whiteout.parent().child(deleted);
        }

        private void applyDirectory(TarEntry entry, Path target) throws IOException {
            BasicFileAttributes existing = NoFollow.attributesOrNull(target);
            if (existing == null || !existing.isDirectory()) {
                if (existing != null) {
                    TreeDeletion.delete(target);
                }
                Files.createDirectory(target);
            }
            applyOwner(entry, target);
            applyXattrs(entry, target);
            // Mode and mtime last: a read-only directory would block its own contents for a
            // non-root caller, and writing the contents changes the directory's mtime.
            directories.add(new DirectoryMetadata(target, entry.mode(), entry.mtime()));
        }

        private void applyHardlink(TarEntry entry, Path target) throws IOException {
            LayerPath linked;
            try {
                linked = LayerPath.parse(entry.linkName());
            } catch (UnsafeLayerEntryException e) {
                throw new UnsafeLayerEntryException(entry.name(), "hardlink target '" + entry.linkName()
                        + "' is outside the root");
            }
            if (linked.isRoot()) {
                throw new UnsafeLayerEntryException(entry.name(), "hardlink to the root directory");
            }
            Path source = entry(linked, entry.name(), false);
            BasicFileAttributes sourceAttributes = source == null ? null : NoFollow.attributesOrNull(source);
            if (sourceAttributes == null) {
                throw new LayerException("hardlink '" + entry.name() + "' points at '" + entry.linkName()
                        + "', which is not in the layer or the layers below");
            }
            if (sourceAttributes.isDirectory()) {
                throw new UnsafeLayerEntryException(entry.name(), "hardlink to directory '" + entry.linkName() + "'");
            }
            if (source.equals(target)) {
                return;
            }
            replace(target);
            // link(2) does not follow a symlink source, so this cannot reach outside the root.
            Files.createLink(target, source);
        }

        private void applyDevice(TarEntry entry, Path target) throws IOException {
            if (!options.applyOwnership()) {
                return; // needs root; see the class comment
            }
            replace(target);
            try {
                SpecialFiles.createDevice(target, entry.type() == TarEntryType.BLOCK_DEVICE, entry.mode(),
                        entry.devMajor(), entry.devMinor());
            } catch (NativeFileException e) {
                if (e.isNotSupportedOrPermitted()) {
                    return; // root in a user namespace or without CAP_MKNOD: same as rootless
                }
                throw e;
            }
            finishFile(entry, target);
        }

        /** Owner, then mode (chown clears setuid bits), then attributes (chown clears capabilities), then mtime. */
        private void finishFile(TarEntry entry, Path target) throws IOException {
            applyOwner(entry, target);
            if (entry.type() != TarEntryType.SYMLINK) {
                PosixAttributes.chmod(target, entry.mode());
            }
            applyXattrs(entry, target);
            PosixAttributes.setMtime(target, entry.mtime());
        }

        private void applyOwner(TarEntry entry, Path target) throws IOException {
            if (options.applyOwnership()) {
                long uid = options.owners().hostUid(entry.uid());
                long gid = options.owners().hostGid(entry.gid());
                try {
                    if (uid != OwnerMapping.UNMAPPED && gid != OwnerMapping.UNMAPPED) {
                        PosixAttributes.lchown(target, uid, gid);
                        return;
                    }
                } catch (NativeFileException e) {
                    // Root in a user namespace without that id mapped: fall through and record it.
                }
            }
            if ((entry.uid() == 0 && entry.gid() == 0) || entry.type() == TarEntryType.SYMLINK) {
                return; // root-owned is what a rootless sandbox maps the caller to anyway; symlinks take no user attributes
            }
            try {
                ExtendedAttributes.set(target, RootlessOwnership.XATTR,
                        new RootlessOwnership(entry.uid(), entry.gid()).encode());
                recordedOwners++;
            } catch (NativeFileException e) {
                // No user attributes on this file system: the owner is lost, as with any rootless extraction.
            }
        }

        private void applyXattrs(TarEntry entry, Path target) throws IOException {
            for (Map.Entry<String, byte[]> xattr : entry.xattrs().entrySet()) {
                if (xattr.getKey().equals(RootlessOwnership.XATTR) || xattr.getKey().startsWith("user.overlay.")
                        || xattr.getKey().startsWith("trusted.overlay.")) {
                    continue; // a layer must not forge the ownership record or overlayfs's whiteouts
                }
                try {
                    ExtendedAttributes.set(target, xattr.getKey(), xattr.getValue());
                } catch (NativeFileException e) {
                    // Not every file system or privilege level takes every attribute (Docker also ignores these two).
                    if (!e.isNotSupportedOrPermitted()) {
                        throw e;
                    }
                }
            }
        }

        /** Removes whatever is at the path (a lower layer's file, or a directory tree) to make room. */
        private void replace(Path target) throws IOException {
            if (NoFollow.attributesOrNull(target) != null) {
                TreeDeletion.delete(target);
            }
        }

        private void clearExceptWritten(Path directory) throws IOException {
            List<Path> children;
            try (Stream<Path> list = Files.list(directory)) {
                children = list.toList();
            }
            for (Path child : children) {
                if (!written.contains(relative(child))) {
                    TreeDeletion.delete(child);
                    continue;
                }
                BasicFileAttributes attributes = NoFollow.attributesOrNull(child);
                if (attributes != null && attributes.isDirectory()) {
                    clearExceptWritten(child);
                }
            }
        }

        private void finishDirectories() throws IOException {
            // Deepest first, so setting a parent's mtime comes after its children are done.
            for (int i = directories.size() - 1; i >= 0; i--) {
                DirectoryMetadata directory = directories.get(i);
                current = relative(directory.path());
                BasicFileAttributes attributes = NoFollow.attributesOrNull(directory.path());
                if (attributes == null || !attributes.isDirectory()) {
                    continue; // replaced or deleted by a later entry of the same layer
                }
                PosixAttributes.chmod(directory.path(), directory.mode());
                PosixAttributes.setMtime(directory.path(), directory.mtime());
            }
            current = null;
        }
    }

    private record DirectoryMetadata(Path path, int mode, long mtime) {
    }
}
