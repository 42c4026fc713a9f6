package dev.jbuild.core.copy;

import dev.jbuild.core.fs.PathClean;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.fs.RootPath.Policy;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import dev.jbuild.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * ADD's unpacking of a local tar archive (plain, gzip, bzip2, xz or zstd) into a directory,
 * with Docker's rules: a file is an archive when, decompressed, it starts with a valid tar
 * header, whatever its name; entries land relative to the destination (a leading {@code /} is
 * dropped, {@code ..} out of it is refused), symlinks in the destination resolve as if it were
 * the root (Docker extracts in a chroot there); existing directories are merged, other entries
 * replaced; owners come from the archive unless {@code --chown} is given; {@code --chmod} does
 * not apply. Whiteout files are ordinary files here, as in {@code docker build}.
 */
final class ArchiveExtraction {

    private ArchiveExtraction() {
    }

    /** The archive's compression if the file is a tar archive, else empty. */
    static Optional<ArchiveCompression> detect(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(ArchiveCompression.MAGIC_LENGTH);
            byte[] head = raw.readNBytes(ArchiveCompression.MAGIC_LENGTH);
            raw.reset();
            ArchiveCompression compression = ArchiveCompression.detect(head, head.length);
            try (InputStream tar = compression.decompress(raw)) {
                return new TarReader(tar).next() != null ? Optional.of(compression) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                // Corrupt compression or no tar header: a plain file to copy, as Docker decides.
                return Optional.empty();
            }
        }
    }

    /** Unpacks into the writer's root (the destination directory). */
    static void extract(Path archive, ArchiveCompression compression, DestinationWriter writer,
            Optional<FileOwner> chown) throws IOException {
        try (InputStream in = compression.decompress(new BufferedInputStream(Files.newInputStream(archive), 1 << 16));
                TarReader reader = new TarReader(in)) {
            for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                extractEntry(entry, reader, writer, chown);
            }
        }
        writer.finishDirectories();
    }

    private static void extractEntry(TarEntry entry, TarReader reader, DestinationWriter writer,
            Optional<FileOwner> chown) throws IOException {
        String name = relativeName(entry.name(), entry.name());
        if (name.equals(".")) {
            return; // the destination itself keeps its metadata
        }
        int slash = name.lastIndexOf('/');
        String parent = slash < 0 ? "." : writer.scope().resolve(name.substring(0, slash), Policy.CONTAINER).relative();
        FileOwner owner = chown.orElseGet(() -> new FileOwner(entry.uid(), entry.gid()));
        writer.mkdirs(parent, FileOwner.ROOT);
        String target = parent.equals(".") ? name.substring(slash + 1) : parent + "/" + name.substring(slash + 1);
        boolean existed = DestinationWriter.attributesOrNull(writer.host(target)) != null;
        switch (entry.type()) {
            case DIRECTORY -> writer.directory(target, true);
            case FILE -> {
                writer.clear(target, true);
                writer.file(target, reader.content());
            }
            case SYMLINK -> {
                writer.clear(target, true);
                writer.symlink(target, entry.linkName());
            }
            case HARDLINK -> {
                String linked = writer.scope().resolve(relativeName(entry.linkName(), entry.name()), Policy.CONTAINER_ENTRY).relative();
                BasicFileAttributes source = DestinationWriter.attributesOrNull(writer.host(linked));
                if (source == null || source.isDirectory()) {
                    throw new CopyException(entry.name(), "archive entry " + entry.name() + " links to "
                            + entry.linkName() + ", which is not a file extracted before it");
                }
                if (!linked.equals(target)) {
                    writer.clear(target, true);
                    writer.hardlink(target, linked);
                }
                return; // one inode: its metadata came with the first name
            }
            case FIFO -> {
                writer.clear(target, true);
                writer.fifo(target);
            }
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                writer.clear(target, true);
                if (!writer.device(target, entry.type() == TarEntryType.BLOCK_DEVICE, entry.devMajor(),
                        entry.devMinor())) {
                    return;
                }
            }
        }
        writer.finish(target, new TargetAttributes(owner, entry.mode(), entry.xattrs(), entry.mtime()),
                existed && entry.type() == TarEntryType.DIRECTORY);
    }

    /** An entry or link name made relative to the destination; refused if it climbs out. */
    private static String relativeName(String name, String entryName) {
        String cleaned = PathClean.of("./" + name);
        if (PathClean.climbsOut(cleaned)) {
            throw new CopyException(entryName, "archive entry " + entryName + " would be written outside the destination");
        }
        return cleaned;
    }
}
