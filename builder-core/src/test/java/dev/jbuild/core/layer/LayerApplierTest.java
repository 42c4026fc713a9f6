package dev.jbuild.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarWriter;
import dev.jbuild.core.testing.Command;
import dev.jbuild.core.testing.FileTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {

    @TempDir
    Path temp;

    private static byte[] layer(Compression compression, TarEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream compressed = compression.compress(bytes, 1)) {
            TarWriter tar = new TarWriter(compressed);
            for (TarEntry entry : entries) {
                if (entry.size() > 0) {
                    tar.write(entry, new ByteArrayInputStream(new byte[(int) entry.size()]));
                } else {
                    tar.write(entry);
                }
            }
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static AppliedLayer apply(byte[] layer, Path root) {
        return new LayerApplier().apply(new ByteArrayInputStream(layer), root, null);
    }

    @Test
    void writerThenApplierReproducesTheTree() throws IOException {
        Path tree = LayerWriterTest.sampleTree(temp);
        for (Compression compression : Compression.values()) {
            Path file = temp.resolve("layer-" + compression);
            LayerBlob blob;
            try (OutputStream out = Files.newOutputStream(file)) {
                blob = new LayerWriter(LayerWriter.Options.defaults().withCompression(compression)).writeDirectory(tree, out);
            }
            Path root = Files.createDirectories(temp.resolve("root-" + compression));
            AppliedLayer applied = new LayerApplier().apply(file, root);

            assertEquals(blob.diffId(), applied.diffId(), "the applier hashes the same tar the writer hashed");
            assertEquals(FileTree.describe(tree, true), FileTree.describe(root, true), compression.name());
            assertEquals(Files.readAttributes(root.resolve("usr/bin/tool"), "unix:ino").get("ino"),
                    Files.readAttributes(root.resolve("usr/bin/tool-alias"), "unix:ino").get("ino"), "hardlinked");
            if (LayerWriterTest.ROOT) {
                assertArrayEquals(LayerWriterTest.CAPABILITY,
                        ExtendedAttributes.get(root.resolve("usr/bin/pinger"), "security.capability"));
            }
        }
    }

    /**
     * An ordinary user's overlay layer: a directory only a lower layer holds, whose owner was
     * given for real (host id 100033, container id 33) and so carries no record any more, keeps
     * that owner when this layer's entry copies it up.
     */
    @Test
    void aCopiedUpDirectoryKeepsTheContainerOwnerOfItsLowerOneWithoutRoot() throws IOException {
        assertTrue(LayerWriterTest.ROOT, "this test gives a lower directory a subordinate host owner, which needs root (CI runs it as root)");
        Path lower = Files.createDirectories(temp.resolve("lower/srv/data"));
        PosixAttributes.lchown(lower, 100033, 100034);
        Path upper = Files.createDirectory(temp.resolve("upper"));
        OwnerMapping subordinate = new OwnerMapping() {
            @Override
            public long uid(long hostUid) {
                return hostUid >= 100000 ? hostUid - 100000 : hostUid == 0 ? 0 : 65534;
            }

            @Override
            public long gid(long hostGid) {
                return uid(hostGid);
            }

            @Override
            public long hostUid(long containerUid) {
                return containerUid == 0 ? 0 : containerUid + 100000;
            }

            @Override
            public long hostGid(long containerGid) {
                return hostUid(containerGid);
            }
        };
        LayerApplier ordinaryUser = new LayerApplier(new LayerApplier.Options(false, true, subordinate));

        AppliedLayer applied = ordinaryUser.applyOver(new ByteArrayInputStream(layer(Compression.NONE,
                TarEntry.file("srv/data/new", 0644, 0, 0, 0, 0))), upper, List.of(temp.resolve("lower")), null);

        assertEquals(new RootlessOwnership(33, 34), RootlessOwnership.decode(
                ExtendedAttributes.get(upper.resolve("srv/data"), RootlessOwnership.XATTR)));
        assertEquals(1, applied.recordedOwners(), "srv is root's and needs no record; srv/data does");
        assertTrue(Files.isRegularFile(upper.resolve("srv/data/new")));
    }

    @Test
    void rewritingAnAppliedTreeGivesTheSameDigest() throws IOException {
        Path tree = LayerWriterTest.sampleTree(temp);
        LayerWriter writer = new LayerWriter();
        Path file = temp.resolve("layer.tgz");
        LayerBlob first;
        try (OutputStream out = Files.newOutputStream(file)) {
            first = writer.writeDirectory(tree, out);
        }
        Path root = Files.createDirectories(temp.resolve("root"));
        new LayerApplier().apply(file, root);
        assertEquals(first, writer.writeDirectory(root, OutputStream.nullOutputStream()));
    }

    @Test
    void whiteoutDeletesWhatTheLowerLayerHad() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.GZIP,
                TarEntry.directory("etc/", 0755, 0, 0, 0),
                TarEntry.file("etc/keep", 0644, 0, 0, 1, 0),
                TarEntry.file("etc/gone", 0644, 0, 0, 1, 0),
                TarEntry.directory("var/", 0755, 0, 0, 0),
                TarEntry.file("var/tree/deep/file", 0644, 0, 0, 1, 0)), root);
        apply(layer(Compression.GZIP,
                TarEntry.file("etc/.wh.gone", 0, 0, 0, 0, 0),
                TarEntry.file("var/.wh.tree", 0, 0, 0, 0, 0),
                TarEntry.file("var/.wh.never-existed", 0, 0, 0, 0, 0)), root);
        assertTrue(Files.exists(root.resolve("etc/keep")));
        assertFalse(Files.exists(root.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("var/tree"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("etc/.wh.gone"), LinkOption.NOFOLLOW_LINKS), "markers are not files");
    }

    @Test
    void opaqueDirectoryHidesLowerContentButKeepsThisLayers() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE,
                TarEntry.directory("app/", 0755, 0, 0, 0),
                TarEntry.file("app/old.txt", 0644, 0, 0, 3, 0),
                TarEntry.file("app/sub/old.txt", 0644, 0, 0, 3, 0),
                TarEntry.file("other/stays.txt", 0644, 0, 0, 3, 0)), root);
        // Marker last, as some writers put it: entries written before it in this layer survive.
        apply(layer(Compression.NONE,
                TarEntry.directory("app/", 0755, 0, 0, 0),
                TarEntry.file("app/new.txt", 0644, 0, 0, 3, 0),
                TarEntry.file("app/sub/new.txt", 0644, 0, 0, 3, 0),
                TarEntry.file("app/.wh..wh..opq", 0, 0, 0, 0, 0)), root);
        assertEquals(List.of("app", "app/new.txt", "app/sub", "app/sub/new.txt", "other", "other/stays.txt"),
                List.copyOf(FileTree.describe(root, false).keySet()));
    }

    @Test
    void opaqueMarkerFirstClearsTheDirectoryBeforeTheLayerFillsIt() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE, TarEntry.file("app/old.txt", 0644, 0, 0, 3, 0)), root);
        apply(layer(Compression.NONE,
                TarEntry.directory("app/", 0700, 0, 0, 0),
                TarEntry.file("app/.wh..wh..opq", 0, 0, 0, 0, 0),
                TarEntry.file("app/new.txt", 0644, 0, 0, 3, 0)), root);
        assertEquals(List.of("app", "app/new.txt"), List.copyOf(FileTree.describe(root, false).keySet()));
        assertTrue(FileTree.describeOne(root.resolve("app"), false).startsWith("dir 700 "));
    }

    @Test
    void entriesReplaceWhatIsThereWhateverItsType() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE,
                TarEntry.file("x/inside", 0644, 0, 0, 1, 0),
                TarEntry.file("y", 0644, 0, 0, 1, 0),
                TarEntry.symlink("z", "y", 0, 0, 0)), root);
        apply(layer(Compression.NONE,
                TarEntry.file("x", 0600, 0, 0, 2, 0),
                TarEntry.directory("y/", 0755, 0, 0, 0),
                TarEntry.file("z", 0644, 0, 0, 5, 0)), root);
        assertTrue(Files.isRegularFile(root.resolve("x"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(root.resolve("y"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(root.resolve("z"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(5, Files.size(root.resolve("z")));
    }

    @Test
    void hardlinkJoinsAFileFromALowerLayer() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE, TarEntry.file("bin/busybox", 0755, 0, 0, 10, 0)), root);
        apply(layer(Compression.NONE, TarEntry.hardlink("bin/ls", "bin/busybox", 0755, 0, 0, 0),
                TarEntry.hardlink("bin/cat", "./bin/busybox", 0755, 0, 0, 0)), root);
        Object inode = Files.getAttribute(root.resolve("bin/busybox"), "unix:ino");
        assertEquals(inode, Files.getAttribute(root.resolve("bin/ls"), "unix:ino"));
        assertEquals(inode, Files.getAttribute(root.resolve("bin/cat"), "unix:ino"));
        assertEquals(3, Files.getAttribute(root.resolve("bin/busybox"), "unix:nlink"));
    }

    @Test
    void hardlinkToAMissingFileNamesBothPaths() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        LayerException e = assertThrows(LayerException.class,
                () -> apply(layer(Compression.NONE, TarEntry.hardlink("a", "no/such", 0644, 0, 0, 0)), root));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("no/such"), e.getMessage());
    }

    @Test
    void relativeSymlinksInsideTheRootAreFollowed() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE,
                TarEntry.directory("usr/lib/", 0755, 0, 0, 0),
                TarEntry.symlink("lib", "usr/lib", 0, 0, 0),
                TarEntry.symlink("usr/lib64", "../usr/./lib", 0, 0, 0)), root);
        apply(layer(Compression.NONE,
                TarEntry.file("lib/libc.so", 0755, 0, 0, 4, 0),
                TarEntry.file("usr/lib64/ld.so", 0755, 0, 0, 4, 0)), root);
        assertTrue(Files.isRegularFile(root.resolve("usr/lib/libc.so"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(root.resolve("usr/lib/ld.so"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(root.resolve("lib")));
    }

    /** containerd resolves a layer's entries inside the root: an absolute link is re-rooted, not refused. */
    @Test
    void entriesThroughAnAbsoluteLinkLandWhereItPointsInsideTheRoot() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE,
                TarEntry.directory("etc/", 0755, 0, 0, 0),
                TarEntry.symlink("lnk", "/etc", 0, 0, 0),
                TarEntry.file("lnk/newfile", 0644, 0, 0, 4, 0)), root);
        apply(layer(Compression.NONE,
                TarEntry.file("lnk/later", 0644, 0, 0, 4, 0),
                TarEntry.directory("lnk/conf.d/", 0700, 0, 0, 0)), root);
        assertTrue(Files.isRegularFile(root.resolve("etc/newfile"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(root.resolve("etc/later"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(root.resolve("etc/conf.d"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(root.resolve("lnk")));
    }

    @Test
    void appliesATarMadeByGnuTar() throws Exception {
        Path source = Files.createDirectories(temp.resolve("src/dir/" + "x".repeat(120)));
        Files.writeString(source.resolve("file"), "made by GNU tar");
        Files.createLink(temp.resolve("src/dir/hard"), source.resolve("file"));
        Files.createSymbolicLink(temp.resolve("src/dir/sym"), Path.of("hard"));
        Path tgz = temp.resolve("gnu.tgz");
        Command.of(temp.resolve("src"), "/bin/tar", "--format=gnu", "-czf", tgz.toString(), ".").run();
        Path root = Files.createDirectories(temp.resolve("root"));
        AppliedLayer applied = new LayerApplier().apply(tgz, root);

        Path tar = temp.resolve("gnu.tar");
        Command.of(temp, "/bin/gzip", "-d", "-c", tgz.toString()).runTo(tar);
        assertEquals(Digest.sha256(Files.readAllBytes(tar)), applied.diffId());
        assertEquals(FileTree.describe(temp.resolve("src"), true), FileTree.describe(root, true));
    }

    @Test
    void ownersAreAppliedWhenRunningAsRoot() throws IOException {
        assumeTrue(LayerWriterTest.ROOT, "needs root to chown");
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE,
                TarEntry.directory("home/user/", 0700, 1000, 1000, 0),
                TarEntry.file("home/user/.profile", 04750, 1000, 50, 1, 0),
                TarEntry.symlink("home/user/link", ".profile", 1000, 1000, 0)), root);
        assertEquals("dir 700 owner 1000:1000", FileTree.describeOne(root.resolve("home/user"), false));
        assertTrue(FileTree.describeOne(root.resolve("home/user/.profile"), false).startsWith("file 4750"));
        assertTrue(FileTree.describeOne(root.resolve("home/user/.profile"), false).endsWith("owner 1000:50"));
        assertTrue(FileTree.describeOne(root.resolve("home/user/link"), false).endsWith("owner 1000:1000"));
    }

    @Test
    void withoutRootOwnersAreRecordedAndTheWriterReadsThemBack() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        byte[] original = layer(Compression.NONE,
                TarEntry.directory("srv/", 0755, 0, 0, 0),
                TarEntry.file("srv/data", 0640, 70000, 12, 1, 0));
        new LayerApplier(new LayerApplier.Options(false)).apply(new ByteArrayInputStream(original), root, null);

        Map<String, Object> onDisk = Files.readAttributes(root.resolve("srv/data"), "unix:uid,gid");
        assertEquals(Files.getAttribute(root, "unix:uid"), onDisk.get("uid"), "left with the applying user");
        byte[] record = ExtendedAttributes.get(root.resolve("srv/data"), RootlessOwnership.XATTR);
        assertNotNull(record);
        assertEquals(new RootlessOwnership(70000, 12), RootlessOwnership.decode(record));

        Path rewritten = temp.resolve("again.tar");
        try (OutputStream out = Files.newOutputStream(rewritten)) {
            new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.NONE)).writeDirectory(root, out);
        }
        TarEntry data = LayerWriterTest.entriesOf(rewritten).get(1);
        assertEquals("srv/data", data.name());
        assertEquals(70000, data.uid());
        assertEquals(12, data.gid());
        assertFalse(data.xattrs().containsKey(RootlessOwnership.XATTR), "the record is not part of the image");
    }

    @Test
    void aLayerCannotForgeTheOwnershipRecord() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        apply(layer(Compression.NONE, TarEntry.file("f", 0644, 0, 0, 1, 0)
                .withXattrs(Map.of(RootlessOwnership.XATTR, new RootlessOwnership(5, 5).encode()))), root);
        assertEquals(null, ExtendedAttributes.get(root.resolve("f"), RootlessOwnership.XATTR));
    }

    @Test
    void aWrongDiffIdIsReported() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        byte[] layer = layer(Compression.GZIP, TarEntry.file("f", 0644, 0, 0, 1, 0));
        Digest wrong = Digest.sha256(new byte[] {9});
        LayerException e = assertThrows(LayerException.class,
                () -> new LayerApplier().apply(new ByteArrayInputStream(layer), root, wrong));
        assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
    }

    @Test
    void rootlessOwnershipRecordRoundTrips() {
        for (long[] ids : new long[][] {{0, 0}, {1, 0}, {0, 1}, {65534, 65534}, {4294967294L, 300}}) {
            RootlessOwnership owner = new RootlessOwnership(ids[0], ids[1]);
            assertEquals(owner, RootlessOwnership.decode(owner.encode()));
        }
        assertArrayEquals(new byte[] {0x08, (byte) 0xe8, 0x07, 0x10, (byte) 0xe8, 0x07},
                new RootlessOwnership(1000, 1000).encode(), "protobuf varints as umoci writes them");
    }
}
