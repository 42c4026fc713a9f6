package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.SnapshotMount;
import dev.jbuild.core.fs.TreeDeletion;
import static dev.jbuild.core.snapshot.TestLayers.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.testing.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeSnapshotterTest {

    @TempDir
    Path temp;

    private BlobStore blobs;
    private Path work;
    private NativeSnapshotter snapshotter;
    private LayerBlob bottom;
    private LayerBlob top;

    @BeforeEach
    void twoLayers() throws IOException {
        blobs = new BlobStore(temp.resolve("blobs"));
        work = temp.resolve("work");
        snapshotter = new NativeSnapshotter(work, blobs);

        Path first = temp.resolve("first");
        write(first.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        write(first.resolve("etc/gone"), "deleted by the second layer");
        write(first.resolve("var/cache/pkg/a"), "a");
        write(first.resolve("var/cache/pkg/b"), "b");
        write(first.resolve("var/log/keep"), "k");
        write(first.resolve("bin/sh"), "#!shell");
        PosixAttributes.chmod(first.resolve("bin/sh"), 0755);
        Files.createSymbolicLink(first.resolve("bin/ash"), Path.of("sh"));
        bottom = TestLayers.ofDirectory(blobs, first);

        Path second = temp.resolve("second");
        write(second.resolve("etc/passwd"), "root:x:0:0::/root:/bin/ash\n");
        write(second.resolve("opt/app/run"), "run");
        top = TestLayers.ofChanges(blobs, second, List.of(
                LayerChange.modified("etc"), LayerChange.modified("etc/passwd"), LayerChange.deleted("etc/gone"),
                LayerChange.added("opt"), LayerChange.added("opt/app"), LayerChange.added("opt/app/run"),
                LayerChange.deleted("var/cache")));
    }

    @AfterEach
    void close() {
        snapshotter.close();
    }

    @Test
    void preparingTwoLayersGivesTheirMergedTreeWithWhiteoutsApplied() throws IOException {
        try (MutableSnapshot snapshot = snapshotter.prepare(List.of(bottom, top))) {
            Path root = snapshot.root();
            assertEquals("root:x:0:0::/root:/bin/ash\n", Files.readString(root.resolve("etc/passwd")));
            assertEquals("run", Files.readString(root.resolve("opt/app/run")));
            assertEquals("k", Files.readString(root.resolve("var/log/keep")));
            assertFalse(Files.exists(root.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(root.resolve("var/cache"), LinkOption.NOFOLLOW_LINKS));
            assertEquals(Path.of("sh"), Files.readSymbolicLink(root.resolve("bin/ash")));
            assertEquals(FileTree.describe(TestLayers.applied(blobs, temp.resolve("expected"), List.of(bottom, top)), true),
                    FileTree.describe(root, true), "the same tree any image consumer unpacks, mtimes included");
            assertEquals(new SnapshotMount.Directory(root), snapshot.mount());
            assertEquals(LayerChain.of(bottom.diffId(), top.diffId()), snapshot.parent());
        }
    }

    @Test
    void aLinkedSnapshotSharesInodesYetReplacingAFileLeavesTheCachedStackAlone() throws IOException {
        snapshotter.prepare(List.of(bottom, top)).close();
        LayerBlob layer;
        try (MutableSnapshot linked = snapshotter.prepareLinked(List.of(bottom, top))) {
            Path passwd = linked.root().resolve("etc/passwd");
            assertTrue((int) Files.getAttribute(passwd, "unix:nlink") > 1, "the file is a link into the cached stack");
            assertEquals(List.of(), linked.diff(), "an untouched linked root has no changes");
            Files.delete(passwd);
            Files.writeString(passwd, "root:x:0:0::/root:/bin/replaced\n");
            assertEquals(List.of(LayerChange.modified("etc/passwd")), linked.diff());
            layer = linked.commit(dev.jbuild.core.layer.LayerWriter.Options.defaults());
        }
        try (MutableSnapshot again = snapshotter.prepare(List.of(bottom, top))) {
            assertEquals("root:x:0:0::/root:/bin/ash\n", Files.readString(again.root().resolve("etc/passwd")),
                    "the cached parent kept its file");
        }
        try (MutableSnapshot child = snapshotter.prepare(List.of(bottom, top, layer))) {
            assertEquals("root:x:0:0::/root:/bin/replaced\n", Files.readString(child.root().resolve("etc/passwd")));
        }
    }

    @Test
    void scratchGivesAnEmptyRoot() throws IOException {
        try (MutableSnapshot snapshot = snapshotter.prepare(List.of())) {
            try (Stream<Path> entries = Files.list(snapshot.root())) {
                assertEquals(0, entries.count());
            }
            assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(snapshot.root())));
            write(snapshot.root().resolve("hello"), "world");
            assertEquals(List.of(LayerChange.added("hello")), snapshot.diff());
        }
    }

    @Test
    void preparingTheSameChainTwiceReusesTheMaterialisedRoot() throws IOException {
        Map<String, String> first;
        try (MutableSnapshot snapshot = snapshotter.prepare(List.of(bottom, top))) {
            first = FileTree.describe(snapshot.root(), true);
        }
        // Without the blobs, only the materialised root can supply the tree: no layer is applied again.
        blobs.delete(bottom.digest());
        blobs.delete(top.digest());
        try (MutableSnapshot snapshot = snapshotter.prepare(List.of(bottom, top))) {
            assertEquals(first, FileTree.describe(snapshot.root(), true));
        }
        try (NativeSnapshotter another = new NativeSnapshotter(work, blobs);
                MutableSnapshot snapshot = another.prepare(List.of(bottom, top))) {
            assertEquals(first, FileTree.describe(snapshot.root(), true), "another process finds it on disk");
        }
    }

    @Test
    void aLongerChainStartsFromTheLongestMaterialisedPart() throws IOException {
        snapshotter.prepare(List.of(bottom)).close();
        blobs.delete(bottom.digest());
        try (MutableSnapshot snapshot = snapshotter.prepare(List.of(bottom, top))) {
            assertEquals("run", Files.readString(snapshot.root().resolve("opt/app/run")), "only the top layer was read");
        }
    }

    @Test
    void snapshotsOfOneChainAreIndependentCopies() throws IOException {
        try (MutableSnapshot one = snapshotter.prepare(List.of(bottom));
                MutableSnapshot two = snapshotter.prepare(List.of(bottom))) {
            Files.writeString(one.root().resolve("etc/passwd"), "changed in one");
            assertEquals("root:x:0:0::/root:/bin/sh\n", Files.readString(two.root().resolve("etc/passwd")));
            assertEquals(List.of(), two.diff());
            try (MutableSnapshot three = snapshotter.prepare(List.of(bottom))) {
                assertEquals("root:x:0:0::/root:/bin/sh\n", Files.readString(three.root().resolve("etc/passwd")),
                        "the cached parent was not written through");
            }
        }
    }

    @Test
    void aCommittedLayerAppliedOnTheParentGivesTheSnapshotsTree() throws IOException {
        MutableSnapshot snapshot = snapshotter.prepare(List.of(bottom, top));
        Path root = snapshot.root();
        Files.writeString(root.resolve("etc/added"), "new");
        Path passwd = root.resolve("etc/passwd");
        FileTime mtime = Files.getLastModifiedTime(passwd);
        Files.writeString(passwd, Files.readString(passwd).replace("ash", "zsh"));
        Files.setLastModifiedTime(passwd, mtime);
        PosixAttributes.chmod(root.resolve("bin/sh"), 0700);
        if (TestLayers.ROOT) {
            PosixAttributes.lchown(root.resolve("bin"), 1000, 1001);
        }
        TreeDeletion.delete(root.resolve("var/log"));
        write(root.resolve("var/log/fresh"), "log");
        Files.delete(root.resolve("bin/ash"));
        Files.createSymbolicLink(root.resolve("bin/ash"), Path.of("sh.real"));
        TreeDeletion.delete(root.resolve("opt/app"));
        Files.writeString(root.resolve("opt/app"), "a file now");
        Files.createLink(root.resolve("bin/sh-again"), root.resolve("bin/sh"));
        ExtendedAttributes.set(root.resolve("etc/passwd"), "user.note", "x".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("proc"));
        Map<String, String> expected = FileTree.describe(root, true);
        expected.remove("proc");

        LayerBlob layer = snapshot.commit(TestLayers.OPTIONS, Set.of("/proc"));
        snapshot.close();
        assertTrue(blobs.contains(layer.digest()));
        assertThrows(IllegalStateException.class, snapshot::root, "the root belongs to the cache now");

        Path unpacked = TestLayers.applied(blobs, temp.resolve("unpacked"), List.of(bottom, top, layer));
        assertEquals(expected, FileTree.describe(unpacked, true));
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), ExtendedAttributes.get(unpacked.resolve("etc/passwd"), "user.note"));
        assertEquals(Files.getAttribute(unpacked.resolve("bin/sh"), "unix:ino"),
                Files.getAttribute(unpacked.resolve("bin/sh-again"), "unix:ino"), "still one inode");
        try (MutableSnapshot next = snapshotter.prepare(List.of(bottom, top, layer))) {
            assertEquals(expected, FileTree.describe(next.root(), true), "the stored stack left the stub out too");
        }
    }

    @Test
    void aCommitIsTheNextStepsParentWithoutUnpackingAnything() throws IOException {
        LayerBlob layer;
        Map<String, String> committed;
        try (MutableSnapshot snapshot = snapshotter.prepare(List.of(bottom, top))) {
            write(snapshot.root().resolve("srv/data"), "data");
            committed = FileTree.describe(snapshot.root(), true);
            layer = snapshot.commit(TestLayers.OPTIONS);
        }
        blobs.delete(bottom.digest());
        blobs.delete(top.digest());
        blobs.delete(layer.digest());
        try (MutableSnapshot next = snapshotter.prepare(List.of(bottom, top, layer))) {
            assertEquals(committed, FileTree.describe(next.root(), true));
            assertEquals(List.of(), next.diff());
        }
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdIsRefusedAndNotCached() throws IOException {
        LayerBlob lying = new LayerBlob(top.digest(), Digest.sha256(new byte[] {1}), top.size(), top.mediaType());
        SnapshotException e = assertThrows(SnapshotException.class, () -> snapshotter.prepare(List.of(bottom, lying)));
        assertTrue(e.getMessage().contains(LayerChain.of(bottom.diffId(), lying.diffId()).chainId().toString()),
                e.getMessage());
        assertEquals(0, cachedChains(), "the broken stack is not cached");
        try (Stream<Path> leftovers = Files.list(work.resolve("sessions"))) {
            assertEquals(0, leftovers.filter(Files::isDirectory).flatMap(NativeSnapshotterTest::list).count(),
                    "the half-built root is gone");
        }
    }

    @Test
    void twoThreadsPreparingTheSameChainBothSucceed() throws Exception {
        assertConcurrentPreparesSucceed(snapshotter, snapshotter);
    }

    @Test
    void twoSnapshottersRacingForTheSameChainBothSucceed() throws Exception {
        // Separate instances share nothing in memory, like two processes: both unpack, one rename wins.
        try (NativeSnapshotter other = new NativeSnapshotter(work, blobs)) {
            assertConcurrentPreparesSucceed(snapshotter, other);
        }
        try (Stream<Path> sessions = Files.list(work.resolve("sessions"))) {
            assertEquals(2, sessions.count(), "only this test's own live session (directory and lock) is left");
        }
    }

    private void assertConcurrentPreparesSucceed(NativeSnapshotter a, NativeSnapshotter b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Callable<Map<String, String>>> tasks = new ArrayList<>();
        for (NativeSnapshotter s : List.of(a, b)) {
            tasks.add(() -> {
                start.await();
                try (MutableSnapshot snapshot = s.prepare(List.of(bottom, top))) {
                    return FileTree.describe(snapshot.root(), true);
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, String>>> results = pool.invokeAll(tasks);
            assertEquals(results.get(0).get(), results.get(1).get());
            assertTrue(results.get(0).get().containsKey("opt/app/run"));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, cachedChains());
    }

    private static Stream<Path> list(Path directory) {
        try {
            return Files.list(directory).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long cachedChains() throws IOException {
        try (Stream<Path> entries = Files.list(work.resolve("chains/sha256"))) {
            return entries.count();
        }
    }
}
