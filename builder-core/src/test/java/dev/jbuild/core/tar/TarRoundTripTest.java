package dev.jbuild.core.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.core.fs.HostIdentity;
import dev.jbuild.core.testing.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarRoundTripTest {

    private static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final String LONG_NAME = "deep/" + "directory-with-a-long-name/".repeat(8) + "file.txt";

    @TempDir
    Path temp;

    private static List<TarEntry> sampleEntries() {
        return List.of(
                TarEntry.directory("etc/", 0755, 0, 0, 1_700_000_000L),
                TarEntry.file("etc/hello", 04755, 1000, 1000, 5, 1_700_000_001L)
                        .withXattrs(Map.of("security.capability", CAPABILITY, "user.note", "x".getBytes())),
                TarEntry.symlink("etc/link", "hello", 0, 0, 1_700_000_002L),
                TarEntry.hardlink("etc/hard", "etc/hello", 04755, 1000, 1000, 1_700_000_001L),
                TarEntry.file(LONG_NAME, 0644, 3_000_000, 4_000_000, 3, 0),
                TarEntry.symlink("ünïcödé", "t".repeat(150), 0, 0, 0),
                new TarEntry("dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0, 0, null, 1, 3, null),
                new TarEntry("run/pipe", TarEntryType.FIFO, 0600, 0, 0, 0, 0, null, 0, 0, null));
    }

    private static byte[] write(List<TarEntry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter writer = new TarWriter(bytes)) {
            for (TarEntry entry : entries) {
                if (entry.size() > 0) {
                    writer.write(entry, new ByteArrayInputStream("a".repeat((int) entry.size()).getBytes()));
                } else {
                    writer.write(entry);
                }
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void readerGetsBackEveryFieldTheWriterWrote() throws IOException {
        List<TarEntry> entries = sampleEntries();
        byte[] tar = write(entries);
        assertEquals(0, tar.length % 512);

        List<TarEntry> read = new ArrayList<>();
        try (TarReader reader = new TarReader(new ByteArrayInputStream(tar))) {
            for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                read.add(entry);
                if (entry.size() > 0) {
                    assertEquals("a".repeat((int) entry.size()), new String(reader.content().readAllBytes()));
                }
            }
        }
        assertEquals(entries.size(), read.size());
        for (int i = 0; i < entries.size(); i++) {
            TarEntry expected = entries.get(i);
            TarEntry actual = read.get(i);
            assertEquals(expected.withXattrs(null), actual.withXattrs(null), expected.name());
            assertEquals(expected.xattrs().keySet(), actual.xattrs().keySet());
            expected.xattrs().forEach((key, value) -> assertArrayEquals(value, actual.xattrs().get(key), key));
        }
    }

    @Test
    void sameEntriesGiveSameBytes() throws IOException {
        assertArrayEquals(write(sampleEntries()), write(sampleEntries()));
    }

    @Test
    void gnuTarListsEntriesLongNamesAndNumericOwners() throws Exception {
        Path file = temp.resolve("sample.tar");
        Files.write(file, write(sampleEntries()));
        String listing = Command.of(temp, "tar", "-tvf", file.toString()).run();
        assertTrue(listing.contains(LONG_NAME), listing);
        assertTrue(listing.contains("ünïcödé -> " + "t".repeat(150)), listing);
        assertTrue(listing.contains("3000000/4000000"), listing);
        assertTrue(listing.contains("etc/hard link to etc/hello"), listing);
        assertTrue(listing.contains("-rwsr-xr-x 1000/1000"), listing);
    }

    @Test
    void gnuTarRestoresBinaryCapabilityXattr() throws Exception {
        assumeTrue(HostIdentity.current().root(), "needs root (CAP_SETFCAP)");
        assertTrue(Command.available("getcap"), "the getcap tool is missing: apt-get install libcap2-bin");
        Path file = temp.resolve("caps.tar");
        Files.write(file, write(List.of(TarEntry.file("ping", 0755, 0, 0, 5, 0)
                .withXattrs(Map.of("security.capability", CAPABILITY)))));
        Path out = Files.createDirectory(temp.resolve("out"));
        Command.of(out, "tar", "--xattrs", "--xattrs-include=*", "-xf", file.toString()).run();
        String caps = Command.of(out, "getcap", "ping").run();
        assertTrue(caps.contains("cap_net_bind_service"), caps);
    }

    @Test
    void readsArchivesMadeByGnuTarInGnuAndPosixFormats() throws Exception {
        Path source = Files.createDirectories(temp.resolve("src/" + "long-directory-name-".repeat(8)));
        Files.writeString(source.resolve("data.txt"), "payload");
        Files.createLink(temp.resolve("src/hard.txt"), source.resolve("data.txt"));
        Files.createSymbolicLink(temp.resolve("src/sym"), Path.of("hard.txt"));
        for (String format : List.of("gnu", "posix", "ustar")) {
            if (format.equals("ustar")) {
                // ustar cannot hold the long path: keep only the short entries
                Command.of(temp.resolve("src"), "tar", "--format=ustar", "-cf", "../ustar.tar", "hard.txt", "sym").run();
            } else {
                Command.of(temp.resolve("src"), "tar", "--format=" + format, "--sort=name", "-cf", "../" + format + ".tar",
                        ".").run();
            }
            List<String> names = new ArrayList<>();
            try (TarReader reader = new TarReader(Files.newInputStream(temp.resolve(format + ".tar")))) {
                for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                    names.add(entry.type() + " " + entry.name() + (entry.linkName() == null ? "" : " -> " + entry.linkName()));
                    if (entry.name().endsWith("data.txt") && entry.type() == TarEntryType.FILE) {
                        assertEquals("payload", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertTrue(names.contains("SYMLINK sym -> hard.txt") || names.contains("SYMLINK ./sym -> hard.txt"),
                    format + ": " + names);
            if (!format.equals("ustar")) {
                assertTrue(names.stream().anyMatch(n -> n.endsWith("long-directory-name-/data.txt")
                        || n.contains("data.txt -> ")), format + ": " + names);
            }
        }
    }

    /**
     * GNU tar's four sparse formats, as {@code tar --sparse} writes them: a file with data
     * between holes (60 segments: old GNU extension blocks and a PAX 1.0 map over one block), one
     * that is all hole, and a plain file after them to show the stream stays in step.
     */
    @Test
    void readsSparseFilesInEveryFormatGnuTarWrites() throws Exception {
        Path source = Files.createDirectories(temp.resolve("sparse-src"));
        try (var file = new java.io.RandomAccessFile(source.resolve("holes").toFile(), "rw")) {
            for (int i = 0; i < 60; i++) {
                file.seek(i * 65536L + 100);
                file.write(("segment " + i).getBytes(StandardCharsets.UTF_8));
            }
            file.setLength(60 * 65536L + 5000);
        }
        try (var file = new java.io.RandomAccessFile(source.resolve("all-hole").toFile(), "rw")) {
            file.setLength(1 << 20);
        }
        Files.writeString(source.resolve("plain.txt"), "after");
        byte[] holes = Files.readAllBytes(source.resolve("holes"));
        for (String format : List.of("gnu", "0.0", "0.1", "1.0")) {
            Path archive = temp.resolve("sparse-" + format + ".tar");
            List<String> argv = new ArrayList<>(List.of("tar", "--sparse", "-cf", archive.toString()));
            argv.addAll(format.equals("gnu") ? List.of("--format=gnu")
                    : List.of("--format=posix", "--sparse-version=" + format));
            argv.addAll(List.of("holes", "all-hole", "plain.txt"));
            Command.of(source, argv.toArray(String[]::new)).run();
            byte[] bytes = Files.readAllBytes(archive);
            assertTrue(bytes.length < holes.length / 4, format + ": tar stored the holes; is this file system sparse?");
            Map<String, byte[]> read = new java.util.LinkedHashMap<>();
            try (TarReader reader = new TarReader(new ByteArrayInputStream(bytes))) {
                for (TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
                    byte[] content = reader.content().readAllBytes();
                    assertEquals(entry.size(), content.length, format + " " + entry.name());
                    read.put(entry.name(), content);
                }
            }
            assertEquals(List.of("holes", "all-hole", "plain.txt"), List.copyOf(read.keySet()), format);
            assertArrayEquals(holes, read.get("holes"), format);
            assertArrayEquals(new byte[1 << 20], read.get("all-hole"), format);
            assertEquals("after", new String(read.get("plain.txt"), StandardCharsets.UTF_8), format);
        }
    }

    @Test
    void sparseMapThatDisagreesWithTheStoredDataIsRefused() throws Exception {
        // a PAX 0.1 header whose map lists more data than the entry stores
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            byte[] pax = (paxRecord("GNU.sparse.major", "0") + paxRecord("GNU.sparse.minor", "1")
                    + paxRecord("GNU.sparse.size", "100") + paxRecord("GNU.sparse.map", "0,10,50,10")
                    + paxRecord("GNU.sparse.name", "f")).getBytes(StandardCharsets.UTF_8);
            tar.write(new TarEntry("PaxHeaders/f", TarEntryType.FILE, 0644, 0, 0, pax.length, 0, null, 0, 0, null),
                    new ByteArrayInputStream(pax));
            tar.write(TarEntry.file("GNUSparseFile/f", 0644, 0, 0, 15, 0), new ByteArrayInputStream(new byte[15]));
        }
        byte[] tar = bytes.toByteArray();
        tar[156] = 'x'; // the first entry becomes the pax header of the second
        fixChecksum(tar, 0);
        TarFormatException e = assertThrows(TarFormatException.class,
                () -> new TarReader(new ByteArrayInputStream(tar)).next());
        assertEquals("sparse file f stores 15 bytes but its map lists 20", e.getMessage());
    }

    private static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.length() + 1;
        while (String.valueOf(length).length() + body.length() != length) {
            length++;
        }
        return length + body;
    }

    private static void fixChecksum(byte[] tar, int header) {
        Arrays.fill(tar, header + 148, header + 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[header + i] & 0xff;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, tar, header + 148, 8);
    }

    @Test
    void corruptHeaderIsReportedWithItsOffset() throws IOException {
        byte[] tar = write(sampleEntries());
        tar[512 * 3 + 10] ^= 0x55;
        TarFormatException e = assertThrows(TarFormatException.class, () -> {
            try (TarReader reader = new TarReader(new ByteArrayInputStream(tar))) {
                while (reader.next() != null) {
                    // keep reading
                }
            }
        });
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void truncatedContentIsReportedWithTheEntryName() throws IOException {
        byte[] tar = write(List.of(TarEntry.file("big", 0644, 0, 0, 2000, 0)));
        byte[] cut = Arrays.copyOf(tar, 1024);
        TarReader reader = new TarReader(new ByteArrayInputStream(cut));
        assertEquals("big", reader.next().name());
        TarFormatException e = assertThrows(TarFormatException.class, () -> reader.content().readAllBytes());
        assertTrue(e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void writerRefusesShortContent() {
        TarWriter writer = new TarWriter(OutputStream.nullOutputStream());
        IOException e = assertThrows(IOException.class,
                () -> writer.write(TarEntry.file("f", 0644, 0, 0, 10, 0), new ByteArrayInputStream(new byte[3])));
        assertTrue(e.getMessage().contains("f") && e.getMessage().contains("short"), e.getMessage());
    }

    @Test
    void emptyStreamIsAnEmptyArchive() throws IOException {
        assertNull(new TarReader(new ByteArrayInputStream(new byte[0])).next());
        assertNull(new TarReader(new ByteArrayInputStream(new byte[1024])).next());
    }
}
