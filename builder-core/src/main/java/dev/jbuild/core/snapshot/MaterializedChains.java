package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.cache.digest.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/**
 * Root filesystems of layer stacks, kept on disk by ChainID at
 * {@code chains/sha256/HEX/rootfs} (with the stack's diff_ids beside it in
 * {@code diff_ids}) and treated as read-only: snapshots copy them, nothing writes into
 * them. An entry appears by renaming a finished directory into place, which is atomic, so a
 * reader finds a whole tree or none; of two processes materialising the same stack, one
 * rename wins and the other discards its copy.
 *
 * <p>Entries survive a killed process but are not flushed to disk, so power loss right
 * after one was published may leave it with missing data; the layers themselves, in the
 * blob store, are flushed.
 */
final class MaterializedChains {

    private static final String ROOTFS = "rootfs";
    private static final String DIFF_IDS = "diff_ids";

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
        return Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) ? root : null;
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
