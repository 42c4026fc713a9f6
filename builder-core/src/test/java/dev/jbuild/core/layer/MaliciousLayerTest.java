package dev.jbuild.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarWriter;
import dev.jbuild.core.testing.FileTree;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers crafted to write outside the root they are applied to. Nothing outside the root may
 * change: an entry whose own name climbs out is refused with the entry named; one that goes
 * through a symlink pointing out lands inside the root, the link re-rooted as containerd's
 * applier does. "outside" is a sibling of the root holding a secret file and a directory, the
 * usual targets.
 */
class MaliciousLayerTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private Map<String, String> before;

    @BeforeEach
    void createRootAndVictims() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not touch");
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(outside.resolve("dir/file"), "keep me");
        before = everythingButTheRoot();
    }

    /**
     * The whole temp directory except the root and what is inside it, with mtimes. The root
     * itself is left out: entries the layer legitimately creates in it change its mtime.
     */
    private Map<String, String> everythingButTheRoot() throws IOException {
        Map<String, String> tree = new TreeMap<>(FileTree.describe(temp, true));
        tree.keySet().removeIf(path -> path.equals("root") || path.startsWith("root/"));
        return tree;
    }

    private static byte[] layer(TarEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = Compression.GZIP.compress(bytes, 1)) {
            TarWriter tar = new TarWriter(gzip);
            for (TarEntry entry : entries) {
                if (entry.size() > 0) {
                    tar.write(entry, new ByteArrayInputStream("pwned!".repeat(10).substring(0, (int) entry.size()).getBytes()));
                } else {
                    tar.write(entry);
                }
            }
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private void apply(byte[] layer) {
        new LayerApplier().apply(new ByteArrayInputStream(layer), root, null);
    }

    private void assertRefused(String entryName, byte[] layer) throws IOException {
        UnsafeLayerEntryException e = assertThrows(UnsafeLayerEntryException.class, () -> apply(layer));
        assertEquals(entryName, e.entryName());
        assertTrue(e.getMessage().contains(entryName), e.getMessage());
        assertNothingOutsideChanged();
    }

    private void assertNothingOutsideChanged() throws IOException {
        assertEquals(before, everythingButTheRoot());
        assertEquals("do not touch", Files.readString(outside.resolve("secret")));
    }

    /** Applies the layer and checks it wrote {@code inRoot}, relative to the root, and nothing outside. */
    private void assertReRooted(String inRoot, byte[] layer) throws IOException {
        apply(layer);
        assertTrue(Files.exists(root.resolve(inRoot), LinkOption.NOFOLLOW_LINKS), inRoot + " inside the root");
        assertNothingOutsideChanged();
    }

    /** The outside directory's path as the root sees it: under the root, without the leading slash. */
    private String outsideInRoot(String child) {
        return outside.toString().substring(1) + "/" + child;
    }

    private static TarEntry file(String name) {
        return TarEntry.file(name, 0644, 0, 0, 6, 0);
    }

    @Test
    void dotDotEntryIsRefused() throws IOException {
        assertRefused("../outside/pwned", layer(file("../outside/pwned")));
    }

    @Test
    void dotDotInTheMiddleIsRefused() throws IOException {
        assertRefused("a/../../outside/secret", layer(file("a/../../outside/secret")));
    }

    @Test
    void absoluteEntryIsRefused() throws IOException {
        String name = outside.resolve("secret").toString();
        assertRefused(name, layer(file(name)));
    }

    @Test
    void fileThroughASymlinkClimbingOutLandsInsideTheRoot() throws IOException {
        assertReRooted("outside/pwned", layer(TarEntry.symlink("evil", "../outside", 0, 0, 0), file("evil/pwned")));
    }

    @Test
    void fileThroughAnAbsoluteSymlinkLandsInsideTheRoot() throws IOException {
        assertReRooted(outsideInRoot("secret"),
                layer(TarEntry.symlink("evil", outside.toString(), 0, 0, 0), file("evil/secret")));
    }

    @Test
    void fileThroughAChainOfSymlinksLandsInsideTheRoot() throws IOException {
        assertReRooted("outside/pwned", layer(
                TarEntry.directory("b/", 0755, 0, 0, 0),
                TarEntry.symlink("c", "b/../..", 0, 0, 0),
                TarEntry.symlink("a", "c/outside", 0, 0, 0),
                file("a/pwned")));
    }

    @Test
    void symlinkPlantedByAnEarlierLayerLeadsInsideTheRoot() throws IOException {
        apply(layer(TarEntry.directory("usr/", 0755, 0, 0, 0),
                TarEntry.symlink("usr/evil", "../../outside/dir", 0, 0, 0),
                TarEntry.symlink("abs", outside.toString(), 0, 0, 0)));
        assertNothingOutsideChanged();
        assertReRooted("outside/dir/file", layer(file("usr/evil/file")));
        assertReRooted(outsideInRoot("secret"), layer(file("abs/secret")));
        assertReRooted(outsideInRoot("new-dir"), layer(TarEntry.directory("abs/new-dir/", 0755, 0, 0, 0)));
    }

    @Test
    void hardlinkToAFileOutsideIsRefused() throws IOException {
        assertRefused("stolen", layer(TarEntry.hardlink("stolen", "../outside/secret", 0644, 0, 0, 0)));
    }

    @Test
    void hardlinkToAnAbsolutePathIsRefused() throws IOException {
        assertRefused("stolen", layer(TarEntry.hardlink("stolen", outside.resolve("secret").toString(), 0644, 0, 0, 0)));
    }

    @Test
    void hardlinkThroughAPlantedSymlinkFindsNothingOutside() throws IOException {
        LayerException e = assertThrows(LayerException.class, () -> apply(layer(
                TarEntry.symlink("evil", outside.toString(), 0, 0, 0),
                TarEntry.hardlink("stolen", "evil/secret", 0644, 0, 0, 0))));
        assertTrue(e.getMessage().contains("not in the layer or the layers below"), e.getMessage());
        assertNothingOutsideChanged();
    }

    @Test
    void whiteoutThroughASymlinkDeletesOnlyInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("outside"));
        Files.writeString(root.resolve("outside/secret"), "the root's own");
        apply(layer(TarEntry.symlink("evil", "../outside", 0, 0, 0)));
        apply(layer(TarEntry.file("evil/.wh.secret", 0, 0, 0, 0, 0)));
        assertFalse(Files.exists(root.resolve("outside/secret")));
        apply(layer(TarEntry.file("evil/.wh..wh..opq", 0, 0, 0, 0, 0)));
        assertNothingOutsideChanged();
    }

    @Test
    void whiteoutOfDotDotIsRefused() throws IOException {
        assertRefused("dir/.wh...", layer(TarEntry.file("dir/.wh...", 0, 0, 0, 0, 0)));
    }

    @Test
    void aFileReplacesAPlantedSymlinkInsteadOfWritingThroughIt() throws IOException {
        apply(layer(TarEntry.symlink("link", outside.resolve("secret").toString(), 0, 0, 0),
                TarEntry.symlink("dirlink", outside.resolve("dir").toString(), 0, 0, 0)));
        apply(layer(file("link"), TarEntry.directory("dirlink/", 0700, 0, 0, 0), TarEntry.file("x", 0600, 0, 0, 0, 0)));
        assertTrue(Files.isRegularFile(root.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(root.resolve("dirlink"), LinkOption.NOFOLLOW_LINKS));
        assertNothingOutsideChanged();
    }

    @Test
    void metadataIsNeverAppliedThroughASymlink() throws IOException {
        // A symlink's own mode, owner and mtime are set on the link, not on what it points at.
        apply(layer(new TarEntry("link", dev.jbuild.core.tar.TarEntryType.SYMLINK, 0777, 1234, 1234, 0, 1, "../outside/secret",
                0, 0, null)));
        assertNothingOutsideChanged();
    }
}
