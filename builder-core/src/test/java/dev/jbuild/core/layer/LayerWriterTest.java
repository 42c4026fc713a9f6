package dev.jbuild.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobWriter;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.SpecialFiles;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarEntryType;
import dev.jbuild.core.tar.TarReader;
import dev.jbuild.core.testing.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {

    static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Setting file capabilities needs CAP_SETFCAP; without it the fixtures leave them out. */
    static final boolean ROOT = LayerApplier.Options.forCurrentProcess().applyOwnership();

    @TempDir
    Path temp;

    /** A small tree with every kind of entry a layer holds. */
    static Path sampleTree(Path parent) throws IOException {
        Path root = Files.createDirectories(parent.resolve("tree"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/lib/empty"));
        Files.createDirectories(root.resolve("b-dir"));
        Files.writeString(root.resolve("b-dir/inner"), "inner");
        Files.writeString(root.resolve("b-dir.txt"), "sorts between b-dir and its contents in plain string order");
        byte[] big = new byte[700_000];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("usr/lib/libbig.so"), big);
        Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(root.resolve("usr/bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createLink(root.resolve("usr/bin/tool-alias"), root.resolve("usr/bin/tool"));
        Files.createSymbolicLink(root.resolve("usr/bin/sh-link"), Path.of("tool"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        SpecialFiles.createFifo(root.resolve("usr/fifo"), 0640);
        Files.writeString(root.resolve("usr/bin/pinger"), "ping");
        if (ROOT) {
            ExtendedAttributes.set(root.resolve("usr/bin/pinger"), "security.capability", CAPABILITY);
        }
        Files.createDirectories(root.resolve("deep/" + "long-component-name/".repeat(10)));
        Files.writeString(root.resolve("deep/" + "long-component-name/".repeat(10) + "leaf"), "leaf");
        Files.setLastModifiedTime(root.resolve("usr/bin/tool"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        return root;
    }

    static List<TarEntry> entriesOf(Path tarOrCompressed) throws IOException {
        List<TarEntry> entries = new ArrayList<>();
        try (TarReader reader = new TarReader(dev.jbuild.core.compress.Compression.decompress(
                Files.newInputStream(tarOrCompressed)))) {
            for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private LayerBlob writeTo(Path file, LayerWriter writer, Path tree) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            return writer.writeDirectory(tree, out);
        }
    }

    private static LayerWriter writer(Compression compression) {
        return new LayerWriter(LayerWriter.Options.defaults().withCompression(compression));
    }

    @Test
    void sameTreeWrittenTwiceGivesIdenticalDigests() throws IOException {
        Path tree = sampleTree(temp);
        for (Compression compression : Compression.values()) {
            LayerBlob first = writeTo(temp.resolve("one"), writer(compression), tree);
            LayerBlob second = writeTo(temp.resolve("two"), new LayerWriter(LayerWriter.Options.defaults().withCompression(compression).withThreads(1)), tree);
            assertEquals(first, second, compression.name());
            assertArrayEquals(Files.readAllBytes(temp.resolve("one")), Files.readAllBytes(temp.resolve("two")));
        }
    }

    @Test
    void digestsDescribeTheBlobAndTheUncompressedTar() throws Exception {
        Path tree = sampleTree(temp);
        Path gz = temp.resolve("layer.tar.gz");
        LayerBlob blob = writeTo(gz, writer(Compression.GZIP), tree);
        assertEquals(MediaType.OCI_LAYER_GZIP, blob.mediaType());
        assertEquals(Files.size(gz), blob.size());
        assertEquals(Digest.sha256(Files.readAllBytes(gz)), blob.digest());

        Path tar = temp.resolve("layer.tar");
        Command.of(temp, "/bin/gzip", "-d", "-c", gz.toString()).runTo(tar);
        assertEquals(Digest.sha256(Files.readAllBytes(tar)), blob.diffId());

        LayerBlob plain = writeTo(temp.resolve("plain.tar"), writer(Compression.NONE), tree);
        assertEquals(plain.diffId(), plain.digest());
        assertEquals(blob.diffId(), plain.diffId(), "compression does not change the diff_id");
        assertNotEquals(blob.digest(), plain.digest());
    }

    @Test
    void gzipLayerIsReadableByGunzipAndTar() throws Exception {
        Path tree = sampleTree(temp);
        Path gz = temp.resolve("layer.tar.gz");
        writeTo(gz, writer(Compression.GZIP), tree);
        Path tar = temp.resolve("layer.tar");
        Command.of(temp, "/bin/gzip", "-d", "-c", gz.toString()).runTo(tar);
        String listing = Command.of(temp, "/bin/tar", "-tf", tar.toString()).run();
        assertTrue(listing.contains("usr/bin/tool\n"), listing);
        assertTrue(listing.contains("long-component-name/leaf\n"), listing);
        String verbose = Command.of(temp, "/bin/tar", "-tvzf", gz.toString()).run();
        assertTrue(verbose.contains("usr/bin/tool-alias link to usr/bin/tool"), verbose);
        assertTrue(verbose.contains("lib -> usr/lib"), verbose);
    }

    @Test
    void entriesAreSortedParentsBeforeChildren() throws IOException {
        Path tree = sampleTree(temp);
        Path tar = temp.resolve("layer.tar");
        writeTo(tar, writer(Compression.NONE), tree);
        List<String> names = entriesOf(tar).stream().map(TarEntry::name).toList();
        assertEquals(List.of("b-dir/", "b-dir/inner", "b-dir.txt"), names.subList(0, 3),
                "a directory's contents follow it directly");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).replaceAll("/$", "");
            int slash = name.lastIndexOf('/');
            if (slash > 0) {
                String parent = name.substring(0, slash) + "/";
                assertTrue(names.subList(0, i).contains(parent), parent + " before " + name);
            }
        }
    }

    @Test
    void secondPathToAnInodeBecomesAHardlink() throws IOException {
        Path tree = sampleTree(temp);
        Path tar = temp.resolve("layer.tar");
        writeTo(tar, writer(Compression.NONE), tree);
        TarEntry alias = entriesOf(tar).stream().filter(e -> e.name().equals("usr/bin/tool-alias")).findFirst().orElseThrow();
        assertEquals(TarEntryType.HARDLINK, alias.type());
        assertEquals("usr/bin/tool", alias.linkName());
        assertEquals(0, alias.size());
    }

    @Test
    void keepsSymlinksFifosCapabilitiesAndNumericOwners() throws IOException {
        assumeTrue(ROOT, "chown to other users needs root");
        Path tree = sampleTree(temp);
        Files.setAttribute(tree.resolve("usr/bin/tool"), "unix:uid", 4321);
        Files.setAttribute(tree.resolve("usr/bin/tool"), "unix:gid", 8765);
        Path tar = temp.resolve("layer.tar");
        writeTo(tar, writer(Compression.NONE), tree);
        List<TarEntry> entries = entriesOf(tar);
        TarEntry link = find(entries, "lib");
        assertEquals(TarEntryType.SYMLINK, link.type());
        assertEquals("usr/lib", link.linkName());
        assertEquals(TarEntryType.FIFO, find(entries, "usr/fifo").type());
        assertEquals(0640, find(entries, "usr/fifo").mode());
        if (ROOT) {
            assertArrayEquals(CAPABILITY, find(entries, "usr/bin/pinger").xattrs().get("security.capability"));
        }
        TarEntry tool = find(entries, "usr/bin/tool");
        assertEquals(4321, tool.uid());
        assertEquals(8765, tool.gid());
        assertEquals(0755, tool.mode());

        byte[] raw = Files.readAllBytes(tar);
        for (int header = 0; header + 512 <= raw.length; header += 512) {
            if (raw[header + 257] == 'u' && raw[header + 258] == 's') { // a ustar header block
                for (int i = 265; i < 329; i++) {
                    assertEquals(0, raw[header + i], "user and group names are left empty");
                }
            }
        }
    }

    @Test
    void mtimesAreClampedToSourceDateEpoch() throws IOException {
        Path tree = sampleTree(temp);
        Instant epoch = Instant.parse("2024-01-01T00:00:00Z");
        Path tar = temp.resolve("layer.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.NONE).withSourceDateEpoch(epoch))
                    .writeDirectory(tree, out);
        }
        for (TarEntry entry : entriesOf(tar)) {
            assertTrue(entry.mtime() <= epoch.getEpochSecond(), entry.name() + " mtime " + entry.mtime());
        }
        assertEquals(epoch.getEpochSecond(), find(entriesOf(tar), "usr/bin/tool").mtime(), "the future mtime is clamped");
    }

    @Test
    void touchingFilesAfterTheEpochDoesNotChangeTheDigest() throws IOException {
        Path tree = sampleTree(temp);
        LayerWriter writer = new LayerWriter(LayerWriter.Options.defaults()
                .withSourceDateEpoch(Instant.parse("2020-01-01T00:00:00Z")));
        LayerBlob before = writer.writeDirectory(tree, OutputStream.nullOutputStream());
        Files.setLastModifiedTime(tree.resolve("b-dir/inner"), FileTime.from(Instant.now()));
        assertEquals(before, writer.writeDirectory(tree, OutputStream.nullOutputStream()));
    }

    @Test
    void changesBecomeEntriesWhiteoutsAndOpaqueMarkers() throws IOException {
        Path upper = Files.createDirectories(temp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc/conf.d"));
        Files.writeString(upper.resolve("etc/conf.d/new.conf"), "new");
        Files.createDirectories(upper.resolve("var/cache"));
        List<LayerChange> changes = List.of(
                LayerChange.modified("etc/conf.d/new.conf"),
                LayerChange.deleted("etc/old.conf"),
                LayerChange.opaqueDirectory("var/cache"),
                LayerChange.modified("etc"),
                LayerChange.added("etc/conf.d"));
        Path tar = temp.resolve("changes.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.NONE))
                    .writeChanges(upper, changes, out);
        }
        List<String> names = entriesOf(tar).stream().map(TarEntry::name).toList();
        assertEquals(List.of("etc/", "etc/.wh.old.conf", "etc/conf.d/", "etc/conf.d/new.conf", "var/cache/",
                "var/cache/.wh..wh..opq"), names);
        TarEntry whiteout = entriesOf(tar).get(1);
        assertEquals(TarEntryType.FILE, whiteout.type());
        assertEquals(0, whiteout.size());
    }

    @Test
    void refusesDuplicateChangesAndMissingSources() {
        Path upper = temp;
        LayerWriter writer = new LayerWriter();
        LayerException duplicate = assertThrows(LayerException.class, () -> writer.writeChanges(upper,
                List.of(LayerChange.deleted("a"), LayerChange.deleted("./a")), OutputStream.nullOutputStream()));
        assertTrue(duplicate.getMessage().contains("listed twice"), duplicate.getMessage());
        LayerException missing = assertThrows(LayerException.class, () -> writer.writeChanges(upper,
                List.of(LayerChange.added("not/there")), OutputStream.nullOutputStream()));
        assertTrue(missing.getMessage().contains("not/there"), missing.getMessage());
        assertThrows(UnsafeLayerEntryException.class, () -> LayerChange.added("../up"));
    }

    @Test
    void streamsStraightIntoTheBlobStore() throws IOException {
        Path tree = sampleTree(temp);
        BlobStore store = new BlobStore(temp.resolve("cache"));
        LayerBlob layer;
        StoredBlob stored;
        try (BlobWriter out = store.newWriter()) {
            layer = new LayerWriter().writeDirectory(tree, out);
            stored = out.commit(layer.digest());
        }
        assertEquals(layer.digest(), stored.digest());
        assertEquals(layer.size(), stored.size());
        try (InputStream in = store.open(layer.digest())) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            in.transferTo(sink);
            assertEquals(layer.digest(), Digest.sha256(sink.toByteArray()));
        }
    }

    private static TarEntry find(List<TarEntry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name) || e.name().equals(name + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + entries.stream().map(TarEntry::name).toList()));
    }
}
