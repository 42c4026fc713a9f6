package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.TreeDeletion;
import static dev.jbuild.core.layer.LayerChange.added;
import static dev.jbuild.core.layer.LayerChange.deleted;
import static dev.jbuild.core.layer.LayerChange.modified;
import static dev.jbuild.core.layer.LayerChange.opaqueDirectory;
import static dev.jbuild.core.snapshot.TestLayers.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.fs.SpecialFiles;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import dev.jbuild.core.testing.DeepTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MutableSnapshot#diff} reports for each kind of change a step can make to a root from a real layer. */
class SnapshotDiffTest {

    @TempDir
    Path temp;

    private NativeSnapshotter snapshotter;
    private MutableSnapshot snapshot;
    private Path root;

    /** The parent: one layer made from this tree, so every mtime has whole seconds, as after any pull. */
    static Path baseTree(Path directory) throws IOException {
        write(directory.resolve("bin/tool"), "tool-v1");
        Files.setPosixFilePermissions(directory.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(directory.resolve("etc/conf"), "key=value\n");
        write(directory.resolve("etc/gone"), "bye");
        write(directory.resolve("etc/keep"), "same");
        write(directory.resolve("data/same-size.txt"), "aaaa");
        write(directory.resolve("var/cache/x/y"), "z");
        write(directory.resolve("opt/app/lib.jar"), "jar");
        write(directory.resolve("srv/file-to-dir"), "f");
        write(directory.resolve("srv/owned"), "o");
        write(directory.resolve("usr/lib/target-a"), "a");
        write(directory.resolve("usr/lib/target-b"), "b");
        Files.createSymbolicLink(directory.resolve("usr/lib/link"), Path.of("target-a"));
        write(directory.resolve("usr/bin/real"), "real");
        write(directory.resolve("tmp/emptied/one"), "1");
        write(directory.resolve("tmp/emptied/two"), "2");
        write(directory.resolve("tmp/single/only"), "only");
        Files.createDirectories(directory.resolve("empty-dir"));
        return directory;
    }

    @BeforeEach
    void prepareBase() throws IOException {
        BlobStore blobs = new BlobStore(temp.resolve("blobs"));
        LayerBlob base = TestLayers.ofDirectory(blobs, baseTree(temp.resolve("base")));
        snapshotter = new NativeSnapshotter(temp.resolve("work"), blobs);
        snapshot = snapshotter.prepare(List.of(base));
        root = snapshot.root();
    }

    @AfterEach
    void close() {
        snapshot.close();
        snapshotter.close();
    }

    @Test
    void anUntouchedCopyHasNoChanges() {
        assertEquals(List.of(), snapshot.diff());
    }

    @Test
    void anAddedFileIsListedWithoutItsDirectory() throws IOException {
        Files.writeString(root.resolve("etc/added"), "new");
        // etc's mtime changed, but a directory's mtime follows its entries; commit adds parents itself.
        assertEquals(List.of(added("etc/added")), snapshot.diff());
    }

    @Test
    void anAddedTreeListsEveryPathInIt() throws IOException {
        write(root.resolve("new/sub/file"), "x");
        assertEquals(List.of(added("new"), added("new/sub"), added("new/sub/file")), snapshot.diff());
    }

    @Test
    void aSameSizeRewriteWithItsMtimeRestoredIsFoundByContent() throws IOException {
        Path file = root.resolve("data/same-size.txt");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "bbbb");
        Files.setLastModifiedTime(file, mtime);
        assertEquals(List.of(modified("data/same-size.txt")), snapshot.diff());
    }

    @Test
    void aRewriteWithTheSameContentIsNoChangeWhenTheMtimeIsRestored() throws IOException {
        Path file = root.resolve("etc/keep");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "same");
        Files.setLastModifiedTime(file, mtime);
        assertEquals(List.of(), snapshot.diff());
    }

    @Test
    void aTouchedFileIsModified() throws IOException {
        Files.setLastModifiedTime(root.resolve("etc/keep"), FileTime.from(Instant.parse("2031-05-06T07:08:09.123Z")));
        assertEquals(List.of(modified("etc/keep")), snapshot.diff());
    }

    @Test
    void aChmodAloneIsAModification() throws IOException {
        PosixAttributes.chmod(root.resolve("bin/tool"), 0700);
        PosixAttributes.chmod(root.resolve("empty-dir"), 0700);
        assertEquals(List.of(modified("bin/tool"), modified("empty-dir")), snapshot.diff());
    }

    @Test
    void aChownAloneIsAModification() throws IOException {
        assumeTrue(TestLayers.ROOT, "giving files to another user needs root");
        PosixAttributes.lchown(root.resolve("srv/owned"), 1000, 1000);
        assertEquals(List.of(modified("srv/owned")), snapshot.diff());
    }

    @Test
    void anExtendedAttributeChangeIsAModification() throws IOException {
        ExtendedAttributes.set(root.resolve("etc/conf"), "user.origin", "step".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(modified("etc/conf")), snapshot.diff());
    }

    @Test
    void aDeletedFileIsDeleted() throws IOException {
        Files.delete(root.resolve("etc/gone"));
        assertEquals(List.of(deleted("etc/gone")), snapshot.diff());
    }

    @Test
    void aDeletedDirectoryIsOneDeletion() throws IOException {
        TreeDeletion.delete(root.resolve("var/cache"));
        assertEquals(List.of(deleted("var/cache")), snapshot.diff());
    }

    @Test
    void aDirectoryReplacedByAFileIsOneModification() throws IOException {
        TreeDeletion.delete(root.resolve("opt/app"));
        Files.writeString(root.resolve("opt/app"), "now a file");
        assertEquals(List.of(modified("opt/app")), snapshot.diff());
    }

    @Test
    void aFileReplacedByADirectoryIsModifiedWithItsContentsAdded() throws IOException {
        Files.delete(root.resolve("srv/file-to-dir"));
        write(root.resolve("srv/file-to-dir/inside"), "i");
        assertEquals(List.of(modified("srv/file-to-dir"), added("srv/file-to-dir/inside")), snapshot.diff());
    }

    @Test
    void aRetargetedSymlinkIsModifiedEvenWhenTheTargetHasTheSameLength() throws IOException {
        Path link = root.resolve("usr/lib/link");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("target-b"));
        assertEquals(List.of(modified("usr/lib/link")), snapshot.diff());
    }

    @Test
    void anAddedHardlinkIsTheOnlyChange() throws IOException {
        Files.createLink(root.resolve("usr/bin/alias"), root.resolve("usr/bin/real"));
        assertEquals(List.of(added("usr/bin/alias")), snapshot.diff());
    }

    @Test
    void aDirectoryThatLostAllItsEntriesIsOpaque() throws IOException {
        TreeDeletion.delete(root.resolve("tmp/emptied"));
        write(root.resolve("tmp/emptied/fresh"), "new");
        assertEquals(List.of(opaqueDirectory("tmp/emptied"), added("tmp/emptied/fresh")), snapshot.diff());
    }

    @Test
    void aSingleDeletedEntryStaysAWhiteoutEvenIfItWasTheLast() throws IOException {
        Files.delete(root.resolve("tmp/single/only"));
        assertEquals(List.of(deleted("tmp/single/only")), snapshot.diff());
    }

    @Test
    void aNewFifoIsAdded() throws IOException {
        SpecialFiles.createFifo(root.resolve("tmp/pipe"), 0600);
        assertEquals(List.of(added("tmp/pipe")), snapshot.diff());
    }

    @Test
    void emptyMountStubsThatWereNotThereBeforeAreLeftOut() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("run/secrets"));
        Files.createFile(root.resolve("etc/hosts"));
        Set<String> stubs = Set.of("/proc", "/run", "/run/secrets", "/etc/hosts");
        assertEquals(List.of(), snapshot.diff(stubs));
        assertEquals(List.of(added("etc/hosts"), added("proc"), added("run"), added("run/secrets")), snapshot.diff(),
                "without the stub list they are ordinary additions");
    }

    @Test
    void aMountStubTheStepFilledIsAChange() throws IOException {
        write(root.resolve("run/secrets/token"), "kept by the step");
        Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 10.0.0.1\n");
        Set<String> stubs = Set.of("/run", "/run/secrets", "/etc/resolv.conf");
        assertEquals(List.of(added("etc/resolv.conf"), added("run"), added("run/secrets"), added("run/secrets/token")),
                snapshot.diff(stubs));
    }

    @Test
    void aMountStubPathTheParentHadIsComparedAsUsual() throws IOException {
        Files.writeString(root.resolve("etc/conf"), "");
        assertEquals(List.of(modified("etc/conf")), snapshot.diff(Set.of("/etc/conf")));
    }

    @Test
    void aChangeSetListsExactlyItsChanges() throws IOException {
        Files.writeString(root.resolve("etc/added"), "new");
        Path sameSize = root.resolve("data/same-size.txt");
        FileTime mtime = Files.getLastModifiedTime(sameSize);
        Files.writeString(sameSize, "bbbb");
        Files.setLastModifiedTime(sameSize, mtime);
        PosixAttributes.chmod(root.resolve("bin/tool"), 0700);
        if (TestLayers.ROOT) {
            PosixAttributes.lchown(root.resolve("srv/owned"), 1000, 1000);
        } else {
            Files.writeString(root.resolve("srv/owned"), "changed");
        }
        Files.delete(root.resolve("etc/gone"));
        TreeDeletion.delete(root.resolve("var/cache"));
        TreeDeletion.delete(root.resolve("opt/app"));
        Files.writeString(root.resolve("opt/app"), "now a file");
        Files.delete(root.resolve("usr/lib/link"));
        Files.createSymbolicLink(root.resolve("usr/lib/link"), Path.of("target-b"));
        Files.createLink(root.resolve("usr/bin/alias"), root.resolve("usr/bin/real"));
        ExtendedAttributes.set(root.resolve("etc/conf"), "user.origin", "step".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(root.resolve("proc"));

        List<LayerChange> expected = List.of(
                modified("bin/tool"),
                modified("data/same-size.txt"),
                added("etc/added"),
                modified("etc/conf"),
                deleted("etc/gone"),
                modified("opt/app"),
                modified("srv/owned"),
                added("usr/bin/alias"),
                modified("usr/lib/link"),
                deleted("var/cache"));
        assertEquals(expected, snapshot.diff(Set.of("/proc")));
    }

    @Test
    void aNewTreeDeeperThanARecursiveWalkCouldGoIsListedToItsDeepestFile() throws Exception {
        DeepTree.create(root.resolve("new"), DeepTree.DEPTH, "bottom");
        try {
            List<LayerChange> changes = DeepTree.onSmallStack(snapshot::diff);
            assertEquals(DeepTree.DEPTH + 2, changes.size());
            assertEquals(added("new"), changes.get(0));
            assertEquals(added("new/" + DeepTree.deepestFile(DeepTree.DEPTH)), changes.get(changes.size() - 1));
        } finally {
            DeepTree.remove(root.resolve("new"));
        }
    }

    @Test
    void aChangeAtTheBottomOfADeepParentTreeIsFound() throws Exception {
        Path tree = temp.resolve("deep-base");
        DeepTree.create(tree, DeepTree.COSTLY_DEPTH, "bottom");
        BlobStore blobs = new BlobStore(temp.resolve("deep-blobs"));
        LayerBlob deepBase = TestLayers.ofDirectory(blobs, tree);
        try (NativeSnapshotter deepSnapshotter = new NativeSnapshotter(temp.resolve("deep-work"), blobs);
                MutableSnapshot deep = deepSnapshotter.prepare(List.of(deepBase))) {
            Files.writeString(deep.root().resolve(DeepTree.deepestFile(DeepTree.COSTLY_DEPTH)), "changed at the bottom");
            Files.writeString(deep.root().resolve("d/d/added"), "new");
            assertEquals(List.of(added("d/d/added"), modified(DeepTree.deepestFile(DeepTree.COSTLY_DEPTH))),
                    DeepTree.onSmallStack(deep::diff));
        } finally {
            DeepTree.remove(tree);
        }
    }
}
