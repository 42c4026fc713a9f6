package dev.jbuild.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Snapshotter#cleanupAbandoned} removes, with real other processes sharing the work directory. */
class AbandonedWorkTest {

    @TempDir
    Path temp;

    private Path work() {
        return temp.resolve("work");
    }

    private Path blobs() {
        return temp.resolve("blobs");
    }

    private static String firstLine(Process process) throws IOException {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private int cleanupInAnotherProcess() throws Exception {
        Process cleaner = SnapshotterProcess.start("cleanup", work(), blobs());
        String removed = firstLine(cleaner);
        assertTrue(cleaner.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, cleaner.exitValue());
        return Integer.parseInt(removed);
    }

    @Test
    void aKilledProcessesWorkIsRemovedAndALiveOnesIsKept() throws Exception {
        Process holder = SnapshotterProcess.start("hold", work(), blobs());
        try (NativeSnapshotter snapshotter = new NativeSnapshotter(work(), new BlobStore(blobs()));
                MutableSnapshot mine = snapshotter.prepare(List.of())) {
            Path theirs = Path.of(firstLine(holder));
            assertEquals(0, snapshotter.cleanupAbandoned());
            assertTrue(Files.exists(theirs.resolve("in-progress")), "a live process's snapshot is left alone");

            holder.destroyForcibly();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, snapshotter.cleanupAbandoned());
            assertFalse(Files.exists(theirs));
            assertTrue(Files.isDirectory(mine.root()), "this process's own snapshot is not abandoned");
            try (Stream<Path> sessions = Files.list(work().resolve("sessions"))) {
                assertEquals(2, sessions.count(), "only this process's session directory and lock file remain");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aProcessThatEndsNormallyLeavesNothingBehind() throws Exception {
        Process holder = SnapshotterProcess.start("hold", work(), blobs());
        Path theirs = Path.of(firstLine(holder));
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(theirs));
        try (Stream<Path> sessions = Files.list(work().resolve("sessions"))) {
            assertEquals(0, sessions.count());
        }
    }

    @Test
    void checkingForAbandonedWorkKeepsThisProcesssLocks() throws Exception {
        // POSIX locks vanish when their owner closes any descriptor of the file: looking at our own lock
        // files would hand our live sessions to the next cleaner. Another process must still see them held.
        try (NativeSnapshotter first = new NativeSnapshotter(work(), new BlobStore(blobs()));
                NativeSnapshotter second = new NativeSnapshotter(work(), new BlobStore(blobs()));
                MutableSnapshot snapshot = second.prepare(List.of())) {
            assertEquals(0, first.cleanupAbandoned());
            assertEquals(0, cleanupInAnotherProcess());
            assertTrue(Files.isDirectory(snapshot.root()));
        }
    }

    @Test
    void aDirectoryLeftByACleanerKilledHalfWayIsRemoved() throws Exception {
        Path orphan = Files.createDirectories(work().resolve("sessions/0b7a5c5e-orphan/snapshot-1/rootfs"));
        Files.writeString(orphan.resolve("file"), "x");
        try (NativeSnapshotter snapshotter = new NativeSnapshotter(work(), new BlobStore(blobs()))) {
            assertEquals(1, snapshotter.cleanupAbandoned());
            assertFalse(Files.exists(work().resolve("sessions/0b7a5c5e-orphan")));
        }
    }
}
