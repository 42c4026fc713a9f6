package dev.jbuild.core.snapshot;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.fs.TreeSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Root filesystems of layer stacks, kept on disk by ChainID at
 * {@code chains/sha256/HEX/rootfs} (with the stack's diff_ids beside it in
 * {@code diff_ids}) and treated as read-only: snapshots copy them, nothing writes into
 * them. An entry appears by renaming a finished directory into place, which is atomic, so a
 * reader finds a whole tree or none; of two processes materialising the same stack, one
 * rename wins and the other discards its copy.
 *
 * <p>The modification time of {@code diff_ids} is the entry's last use: set when it is
 * published and whenever a build finds it. An entry is removed by renaming it out of
 * {@code chains/} first, so a reader never finds a half-deleted root.
 *
 * <p>Entries survive a killed process but are not flushed to disk, so power loss right
 * after one was published may leave it with missing data; the layers themselves, in the
 * blob store, are flushed.
 */
final class MaterializedChains {

    private static final String ROOTFS = "rootfs";
    private static final String DIFF_IDS = "diff_ids";
    private static final String SIZE = "size";

    private final Path directory;

    MaterializedChains(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SnapshotException("could not create the snapshot cache " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The materialised root of the chain, or null if there is none. */
    Path find(LayerChain chain) {
        if (chain.isEmpty()) {
            return null;
        }
        Path root = entry(chain).resolve(ROOTFS);
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        touch(entry(chain).resolve(DIFF_IDS));
        return root;
    }

    /** Every published entry with its size and last use. */
    List<CachedSnapshot> stored() {
        List<CachedSnapshot> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry.resolve(ROOTFS), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Instant lastUsed;
                try {
                    lastUsed = Files.getLastModifiedTime(entry.resolve(DIFF_IDS)).toInstant();
                } catch (IOException e) {
                    lastUsed = Instant.EPOCH;
                }
                out.add(new CachedSnapshot(entry, entry.getFileName().toString(), size(entry), lastUsed));
            }
        } catch (IOException e) {
            throw new SnapshotException("could not list the snapshot cache " + directory + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Moves the entry to {@code trash} (a name in the same file system), then deletes it there. */
    void remove(CachedSnapshot snapshot, Path trash) {
        try {
            TreeDeletion.deleteAside(snapshot.entry(), trash);
        } catch (IOException e) {
            throw new SnapshotException("could not remove snapshot " + snapshot.entry() + ": " + e.getMessage(), e);
        }
    }

    // The tree's size is kept beside it once measured: entries never change, and walking a root costs.
    private static long size(Path entry) {
        Path file = entry.resolve(SIZE);
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            long size = TreeSize.of(entry.resolve(ROOTFS));
            try {
                AtomicFile.writeUnsynced(file, Long.toString(size).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException notKept) {
                // measured again next time
            }
            return size;
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a use that goes unremembered only makes the entry look older to prune
        }
    }

    /** How many of the chain's bottom layers are materialised together (0 for none). */
    int longestPrefix(LayerChain chain) {
        for (int length = chain.size(); length > 0; length--) {
            if (find(chain.prefix(length)) != null) {
                return length;
            }
        }
        return 0;
    }

    /** Where a prepared directory's root filesystem must be before {@link #publish}. */
    static Path rootOf(Path prepared) {
        return prepared.resolve(ROOTFS);
    }

    /**
     * Moves {@code prepared}, a directory holding the chain's root as {@link #rootOf}, into
     * the cache and returns the cached root. If the chain is there already, another
     * process won: {@code prepared} is deleted and the existing root returned.
     */
    Path publish(Path prepared, LayerChain chain) {
        Path target = entry(chain);
        try {
            Files.writeString(prepared.resolve(DIFF_IDS), chain.diffIds().stream().map(Digest::toString)
                    .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.US_ASCII);
            if (find(chain) == null) {
                try {
                    // The entry always holds rootfs/ and diff_ids, so rename(2) never replaces a published
                    // one: it fails with ENOTEMPTY (reported as a plain FileSystemException) instead.
                    Files.move(prepared, target, StandardCopyOption.ATOMIC_MOVE);
                    return rootOf(target);
                } catch (IOException e) {
                    if (find(chain) == null) {
                        throw e;
                    }
                }
            }
            TreeDeletion.delete(prepared);
            return rootOf(target);
        } catch (IOException e) {
            throw new SnapshotException("could not store the root of layer chain " + chain.chainId() + " from "
                    + prepared + " at " + target + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding the entries. */
    Path directory() {
        return directory;
    }

    private Path entry(LayerChain chain) {
        return directory.resolve(chain.chainId().hex());
    }
}
