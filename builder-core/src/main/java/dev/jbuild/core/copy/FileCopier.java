package dev.jbuild.core.copy;

import dev.jbuild.core.context.EntryType;
import dev.jbuild.core.context.SelectedSource;
import dev.jbuild.core.context.SourceEntry;
import dev.jbuild.core.context.SourceTree;
import dev.jbuild.core.fs.DepthFirst;
import dev.jbuild.core.fs.HostIdentity;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.fs.RootPath.Policy;
import dev.jbuild.core.fs.SpecialFiles;
import dev.jbuild.core.layer.OwnerMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out a {@link CopyOperation} on a stage's root directory with BuildKit's rules.
 *
 * <ul>
 *   <li>The destination is resolved inside the root, symlinks included ({@link RootPath}):
 *       a link to {@code /etc} in the image leads to {@code <root>/etc}, never the host's.
 *   <li>Missing parents are created 0755, owned by the {@code --chown} owner if given, else root.
 *   <li>A file source goes to the destination path, or into it when that is (or, ending in
 *       {@code /}, becomes) a directory, under the name it was matched by.
 *   <li>A directory source has its contents copied into the destination and merged with what is
 *       there; a destination it creates gets mode 0755, and the source directory's time.
 *   <li>Entries keep their mode unless {@code --chmod} (which applies to files and directories,
 *       not to links) and their modification time; owners are the {@code --chown} owner, else
 *       what the source tree presents (0:0 for the build context; the recorded owner for another
 *       stage, since BuildKit's {@code COPY --from} keeps owners).
 *   <li>A symlink inside a copied directory is copied as a link; files hardlinked to each other
 *       stay hardlinked; extended attributes that belong in images are copied where the file
 *       system and privileges allow; device nodes need root and are skipped without it.
 *   <li>ADD unpacks a source file that is a tar archive into the destination directory ({@link
 *       ArchiveExtraction}).
 * </ul>
 */
public final class FileCopier {

    /**
     * Whether to chown entries (possible only as root), through which {@code owners} (container
     * ids to the host ids that stand for them); without, owners are recorded in an attribute.
     */
    public record Options(boolean applyOwnership, OwnerMapping owners) {

        public Options {
            Objects.requireNonNull(owners, "owners");
        }

        public Options(boolean applyOwnership) {
            this(applyOwnership, OwnerMapping.IDENTITY);
        }

        /** Applies ownership, as declared, when this process runs as root. */
        public static Options forCurrentProcess() {
            return forCurrentProcess(OwnerMapping.IDENTITY);
        }

        /** Applies ownership when this process runs as root, shifted through {@code owners}. */
        public static Options forCurrentProcess(OwnerMapping owners) {
            return new Options(HostIdentity.current().root(), owners);
        }
    }

    private final Options options;

    public FileCopier(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public FileCopier() {
        this(Options.forCurrentProcess());
    }

    /** Copies the operation's sources into {@code root}. */
    public CopyResult copy(CopyOperation operation, Path root) {
        Objects.requireNonNull(operation, "operation");
        Run run;
        try {
            run = new Run(operation, new DestinationWriter(RootPath.of(root), options.applyOwnership(), options.owners()));
        } catch (IOException e) {
            throw new CopyException(root.toString(), "copy root " + root + " is not usable: " + e.getMessage(), e);
        }
        return run.copyAll();
    }

    /** The state of one copy. */
    private final class Run {
        private final CopyOperation operation;
        private final DestinationWriter writer;
        private final FileOwner parentOwner;
        /** Host inode of each multiply linked file copied so far, to its copy: keeps hardlinks linked. */
        private final Map<InodeKey, String> copiedInodes = new HashMap<>();
        private long extractedEntries;
        private long extractedBytes;
        private String current;

        private record InodeKey(long device, long inode) {
        }

        Run(CopyOperation operation, DestinationWriter writer) {
            this.operation = operation;
            this.writer = writer;
            this.parentOwner = operation.chown().orElse(FileOwner.ROOT);
        }

        CopyResult copyAll() {
            if (operation.sources().sources().isEmpty() && !operation.sources().keepsParents()) {
                return new CopyResult(0, 0); // wildcards that matched nothing: BuildKit makes no destination either
            }
            String destination = operation.cleanDestination();
            current = destination;
            try {
                RootPath scope = writer.scope();
                String resolved = scope.resolve(destination, Policy.CONTAINER).relative();
                writer.mkdirs(operation.destinationIsDirectory() ? resolved : parent(resolved), parentOwner);
                for (SelectedSource source : operation.sources().sources()) {
                    current = source.source();
                    copySource(source, destination);
                }
                current = destination;
                writer.finishDirectories();
            } catch (IOException e) {
                throw new CopyException(current, (operation.unpackArchives() ? "ADD" : "COPY") + " failed at "
                        + current + ": " + e.getMessage(), e);
            }
            return new CopyResult(writer.entries() + extractedEntries, writer.bytes() + extractedBytes);
        }

        private void copySource(SelectedSource source, String destination) throws IOException {
            // Resolved again for every source: an earlier one may have created the destination.
            String target = writer.scope().resolve(destination, Policy.CONTAINER).relative();
            BasicFileAttributes existing = DestinationWriter.attributesOrNull(writer.host(target));
            SourceEntry entry = source.tree().entry(source.path());
            if (entry == null) {
                throw new CopyException(source.source(), "\"/" + source.path() + "\" disappeared before it was copied");
            }
            if (operation.unpackArchives() && entry.type() == EntryType.FILE) {
                Optional<ArchiveCompression> archive = ArchiveExtraction.detect(source.hostPath());
                if (archive.isPresent()) {
                    writer.mkdirs(target, parentOwner);
                    DestinationWriter into = new DestinationWriter(RootPath.of(writer.host(target)),
                            options.applyOwnership(), options.owners());
                    ArchiveExtraction.extract(source.hostPath(), archive.get(), into, operation.chown());
                    extractedEntries += into.entries();
                    extractedBytes += into.bytes();
                    return;
                }
            }
            if (entry.type() == EntryType.DIRECTORY) {
                if (existing == null) {
                    writer.mkdirs(target, parentOwner);
                } else if (!existing.isDirectory()) {
                    throw new CopyException(destination, "cannot copy directory " + source.source()
                            + " to non-directory " + destination);
                }
                String into = target;
                boolean fresh = existing == null;
                DepthFirst.run(next -> {
                    copyChildren(source, entry.path(), into, fresh, next);
                    next.add(more -> writer.finishTimeOnly(into, entry.mtimeSeconds()));
                });
                return;
            }
            if (existing != null && existing.isDirectory()) {
                target = child(target, source.name());
            }
            String file = target;
            DepthFirst.run(next -> copyEntry(source, entry, file, true, next));
        }

        /**
         * Schedules the copy of each visible child of a source directory, in name order; in a
         * {@code fresh} target (created by this copy) nothing is in their way.
         */
        private void copyChildren(SelectedSource source, String directory, String target, boolean fresh,
                List<DepthFirst.Step> next) throws IOException {
            for (String name : source.children(directory)) {
                String path = SourceTree.child(directory, name);
                next.add(more -> {
                    SourceEntry child = source.tree().entry(path);
                    if (child != null) {
                        copyEntry(source, child, child(target, name), !fresh, more);
                    }
                });
            }
        }

        /**
         * Copies one entry; a directory's children are scheduled on {@code next}, then its
         * attributes. Unless {@code mayExist}, the target is known to be absent and is not looked
         * up: a lookup of a missing file costs a NoSuchFileException with its stack trace, two per
         * file in a fresh 100,000-file tree.
         */
        private void copyEntry(SelectedSource source, SourceEntry entry, String target, boolean mayExist,
                List<DepthFirst.Step> next) throws IOException {
            current = "/" + entry.path();
            boolean existed = mayExist && DestinationWriter.attributesOrNull(writer.host(target)) != null;
            switch (entry.type()) {
                case DIRECTORY -> {
                    boolean created = writer.directory(target, false);
                    copyChildren(source, entry.path(), target, created, next);
                    next.add(more -> {
                        current = "/" + entry.path();
                        finish(entry, target, existed);
                    });
                    return;
                }
                case FILE -> {
                    clearIfExisted(target, existed);
                    if (entry.linkCount() > 1) {
                        InodeKey inode = new InodeKey(entry.device(), entry.inode());
                        String first = copiedInodes.putIfAbsent(inode, target);
                        if (first != null) {
                            writer.hardlink(target, first);
                            return;
                        }
                    }
                    writer.file(target, source.tree().host(entry.path()));
                }
                case SYMLINK -> {
                    clearIfExisted(target, existed);
                    writer.symlink(target, entry.linkTarget());
                }
                case FIFO -> {
                    clearIfExisted(target, existed);
                    writer.fifo(target);
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    clearIfExisted(target, existed);
                    if (!writer.device(target, entry.type() == EntryType.BLOCK_DEVICE,
                            SpecialFiles.major(entry.rdev()), SpecialFiles.minor(entry.rdev()))) {
                        return;
                    }
                }
                case SOCKET -> {
                    return; // a socket belongs to a running process; no image carries one
                }
            }
            finish(entry, target, existed);
        }

        private void clearIfExisted(String target, boolean existed) throws IOException {
            if (existed) {
                writer.clear(target, false);
            }
        }

        private void finish(SourceEntry entry, String target, boolean existed) throws IOException {
            int mode = entry.type() == EntryType.SYMLINK ? -1 : operation.chmod().orElse(entry.mode());
            FileOwner owner = operation.chown().orElseGet(() -> new FileOwner(entry.uid(), entry.gid()));
            writer.finish(target, new TargetAttributes(owner, mode, entry.xattrs(), entry.mtimeSeconds()), existed);
        }

        private static String child(String directory, String name) {
            return SourceTree.child(directory, name);
        }

        private static String parent(String path) {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? "." : path.substring(0, slash);
        }
    }
}
