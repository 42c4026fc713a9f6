package dev.jbuild.core.build;

import dev.jbuild.cache.AtomicFile;
import dev.jbuild.core.exec.IdMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the trees a data directory holds (materialised snapshots, extracted overlay layers,
 * cache mounts) consistent with the user namespace mapping their owners were written for:
 * their files carry host ids, so a tree made under another mapping (an older jbuild that ran
 * root's steps as host root, or an edited {@code /etc/subuid}) would show its owners wrong. The
 * mapping is written to {@code owners}; when it differs, those trees are moved into the
 * snapshot sessions folder, whose unlocked entries the next cleanup removes, and rebuilt as
 * needed. Layers and records hold container ids and stay. The file also names how the trees
 * hold owners ({@link #TREES_FORMAT}), so trees an older jbuild made differently are set aside
 * the same way.
 */
final class StoredOwners {

    private static final String FILE = "owners";
    private static final List<String> TREES = List.of("snapshots/chains", "snapshots/overlay", "cache-mounts");
    /** Version 2: a rootless user's overlay layers carry real subordinate owners, not only owner records. */
    private static final String TREES_FORMAT = "trees 2\n";

    private StoredOwners() {
    }

    static void ensure(Path dataDirectory, IdMapping mapping) {
        String wanted = TREES_FORMAT + "uid\n" + mapping.uidMapText() + "gid\n" + mapping.gidMapText();
        Path file = dataDirectory.resolve(FILE);
        try {
            String recorded = readOrNull(file);
            if (wanted.equals(recorded)) {
                return;
            }
            if (recorded == null && !claim(file, wanted)) {
                return; // a build started at the same moment recorded this mapping first; its trees are new
            }
            Path sessions = Files.createDirectories(dataDirectory.resolve("snapshots").resolve("sessions"));
            for (String tree : TREES) {
                Path path = dataDirectory.resolve(tree);
                if (Files.isDirectory(path)) {
                    Files.move(path, sessions.resolve("stale-owners-" + UUID.randomUUID()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            AtomicFile.write(file, wanted.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // another build moved it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the snapshots of " + dataDirectory
                    + " made under another user namespace mapping: " + e.getMessage(), e);
        }
    }

    // The first build of a data directory records the mapping before it makes any tree, so a build
    // racing it never sets aside the trees the other is making.
    private static boolean claim(Path file, String wanted) throws IOException {
        try {
            Files.writeString(file, wanted, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            return true;
        } catch (FileAlreadyExistsException e) {
            return !wanted.equals(readOrNull(file));
        }
    }

    private static String readOrNull(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
