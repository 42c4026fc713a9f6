package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.SnapshotMount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.exec.ExecResult;
import dev.jbuild.core.exec.ExecSpec;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.MountStub;
import dev.jbuild.core.exec.OverlayProbe;
import dev.jbuild.core.exec.UnshareSandbox;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay snapshotter against the native one: the same RUN, in the real unshare sandbox,
 * on the same base layer, must give the same layer, entry for entry (mtimes clamped, since
 * the two runs happen at different times).
 */
class OverlaySnapshotterIT {

    // as jbuild builds: files on the host carry the ids the sandbox's user namespace maps (for root, a shifted range)
    private static final LayerWriter.Options OPTIONS = TestLayers.OPTIONS.withSourceDateEpoch(Instant.ofEpochSecond(1_000_000))
            .withOwners(HostProbe.system().namespaceMapping().owners());
    private static final LayerApplier.Options APPLIED =
            LayerApplier.Options.forCurrentProcess(HostProbe.system().namespaceMapping().owners());

    @TempDir
    Path temp;

    private BlobStore blobs;
    private LayerBlob base;

    @BeforeEach
    void setUp() throws Exception {
        assertTrue(OverlayProbe.in(Path.of(System.getProperty("java.io.tmpdir"))).probe().usable(), OverlayProbe.in(Path.of(System.getProperty("java.io.tmpdir"))).probe().detail());
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            fail("these tests run a static busybox in the sandbox: apt-get install busybox-static");
        }
        blobs = new BlobStore(temp.resolve("blobs"));
        Path tree = temp.resolve("base");
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(busybox, tree.resolve("bin/busybox"));
        for (String applet : List.of("sh", "mkdir", "rm", "ln", "echo", "chmod", "chown", "mv", "touch", "cat")) {
            Files.createSymbolicLink(tree.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        TestLayers.write(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        TestLayers.write(tree.resolve("f"), "original\n");
        TestLayers.write(tree.resolve("gone"), "bye\n");
        TestLayers.write(tree.resolve("d/one"), "1\n");
        TestLayers.write(tree.resolve("d/two"), "2\n");
        TestLayers.write(tree.resolve("single/only"), "s\n");
        TestLayers.write(tree.resolve("repl/inside"), "i\n");
        TestLayers.write(tree.resolve("x"), "has an attribute\n");
        TestLayers.write(tree.resolve("keep/a"), "a\n");
        Files.createLink(tree.resolve("keep/b"), tree.resolve("keep/a"));
        ExtendedAttributes.set(tree.resolve("x"), "user.note", "kept".getBytes(StandardCharsets.UTF_8));
        base = TestLayers.ofDirectory(blobs, tree);
    }

    static Stream<String> steps() {
        return Stream.of(
                "echo new > added && echo more >> f && rm gone && ln -s f link",
                "rm -rf d && mkdir d && echo n > d/n",
                "rm -rf single && mkdir single",
                "rm -rf repl && echo now-a-file > repl && rm f && mkdir f && echo in > f/sub",
                "echo h > h1 && ln h1 h2 && echo c > keep/c && ln keep/c keep/d",
                "chmod 600 x && chown 1:1 f && mkdir -p new/deep/er && touch new/deep/er/z",
                "rm -rf d/one keep && mv single/only single/moved");
    }

    @ParameterizedTest
    @MethodSource("steps")
    void overlayWritesTheSameLayerAsNative(String script) throws Exception {
        List<String> nativeEntries;
        List<String> overlayEntries;
        LayerBlob nativeLayer;
        LayerBlob overlayLayer;
        try (NativeSnapshotter snapshotter = new NativeSnapshotter(temp.resolve("native"), blobs, new LayerApplier(APPLIED))) {
            nativeLayer = runAndCommit(snapshotter.prepareMounted(List.of(base)), script);
        }
        try (OverlaySnapshotter snapshotter = new OverlaySnapshotter(temp.resolve("overlay"), blobs, APPLIED)) {
            MutableSnapshot snapshot = snapshotter.prepareMounted(List.of(base));
            assertInstanceOf(SnapshotMount.Overlay.class, snapshot.mount());
            overlayLayer = runAndCommit(snapshot, script);
        }
        nativeEntries = entries(nativeLayer);
        overlayEntries = entries(overlayLayer);
        assertEquals(nativeEntries, overlayEntries);
        assertEquals(nativeLayer.diffId(), overlayLayer.diffId());
    }

    @Test
    void deletionsBecomeWhiteoutsAndAReplacedDirectoryAnOpaqueMarker() throws Exception {
        try (OverlaySnapshotter snapshotter = new OverlaySnapshotter(temp.resolve("overlay"), blobs, APPLIED)) {
            LayerBlob layer = runAndCommit(snapshotter.prepareMounted(List.of(base)),
                    "rm gone && rm -rf d && mkdir d && echo n > d/n");
            List<String> names = entries(layer).stream().map(e -> e.substring(0, e.indexOf(' '))).toList();
            assertTrue(names.contains(".wh.gone"), names.toString());
            assertTrue(names.contains("d/.wh..wh..opq"), names.toString());
            assertTrue(names.contains("d/n"), names.toString());
        }
    }

    @Test
    void aCommittedUpperDirectoryIsTheLowerOfTheNextStep() throws Exception {
        try (OverlaySnapshotter snapshotter = new OverlaySnapshotter(temp.resolve("overlay"), blobs, APPLIED)) {
            LayerBlob first = runAndCommit(snapshotter.prepareMounted(List.of(base)), "rm gone && echo 1 > one");
            MutableSnapshot second = snapshotter.prepareMounted(List.of(base, first));
            ExecResult result = new UnshareSandbox(HostProbe.system(), temp.resolve("scratch")).run(
                    ExecSpec.of(second.mount(), List.of("/bin/sh", "-c", "cat one && if [ -e gone ]; then exit 3; fi")));
            assertEquals(0, result.exitCode(), result.outputTail());
            assertEquals("1\n", result.outputTail());
            assertEquals(List.of(), second.diff());
            second.close();
        }
    }

    /**
     * The base has /etc but no /etc/hosts, so each step's stub there makes overlayfs copy /etc
     * up: once the stub is gone that copy goes too, a step that changed nothing leaves an empty
     * layer directory, and an empty layer directory is left out of the next step's stack.
     */
    @Test
    void stepsThatChangeNothingLeaveNoCopiedUpParentsAndDropOutOfTheNextStack() throws Exception {
        try (OverlaySnapshotter snapshotter = new OverlaySnapshotter(temp.resolve("overlay"), blobs, APPLIED)) {
            LayerBlob first = runAndCommit(snapshotter.prepareMounted(List.of(base)), "true");
            LayerBlob second = runAndCommit(snapshotter.prepareMounted(List.of(base, first)), "cat /etc/passwd >/dev/null");
            MutableSnapshot third = snapshotter.prepareMounted(List.of(base, first, second));
            List<Path> lowers = ((SnapshotMount.Overlay) third.mount()).lowerDirectories();
            LayerBlob changed = runAndCommit(third, "chmod 700 /etc && /bin/busybox stat -c %a /etc && cat /etc/passwd");

            assertTrue(entries(first).stream().noneMatch(e -> e.startsWith("etc")), entries(first).toString());
            assertEquals(List.of(), entries(second));
            assertEquals(2, lowers.size(), "the base's and the first step's (its /proc, /dev, /sys): " + lowers);
            assertTrue(entries(changed).stream().anyMatch(e -> e.startsWith("etc") && e.contains(" 700 ")),
                    "a changed /etc stays: " + entries(changed));
        }
    }

    @Test
    void aStackTheNativeSideMaterialisedIsALowerDirectoryWithoutExtracting() throws Exception {
        boolean root = dev.jbuild.core.layer.LayerApplier.Options.forCurrentProcess().applyOwnership();
        try (OverlaySnapshotter snapshotter = new OverlaySnapshotter(temp.resolve("overlay"), blobs, APPLIED)) {
            // a COPY-like step on the native side materialises the stack it commits
            LayerBlob copied;
            try (MutableSnapshot copy = snapshotter.prepareLinked(List.of(base))) {
                TestLayers.write(copy.root().resolve("copied"), "from the context\n");
                copied = copy.commit(OPTIONS);
            }
            MutableSnapshot run = snapshotter.prepareMounted(List.of(base, copied));
            SnapshotMount.Overlay mount = (SnapshotMount.Overlay) run.mount();
            Path extracted = temp.resolve("overlay/overlay/sha256");
            long layersExtracted;
            try (var entries = Files.exists(extracted) ? Files.list(extracted) : java.util.stream.Stream.<Path>empty()) {
                layersExtracted = entries.filter(e -> !e.getFileName().toString().equals("empty")).count();
            }
            if (root) {
                assertEquals(1, mount.lowerDirectories().size(), mount.lowerDirectories().toString());
                assertEquals(0, layersExtracted, "nothing was extracted");
            } else {
                assertEquals(2, layersExtracted, "rootless: each layer extracted, owners as overlayfs reads them");
            }
            LayerBlob ran = runAndCommit(run, "cat copied f > both && rm gone");
            assertTrue(entries(ran).stream().anyMatch(e -> e.startsWith("both ")), entries(ran).toString());
            assertTrue(entries(ran).stream().anyMatch(e -> e.startsWith(".wh.gone ")), entries(ran).toString());
        }
    }

    /**
     * A hand-made layer with {@code lnk -> /etc} and {@code lnk/same}, then one with
     * {@code lnk/later} and {@code lnk/conf.d/x}: both snapshotters resolve the entries inside
     * the root as containerd does, so a step sees them in {@code /etc}, whose mode stays the base's.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"native", "overlay"})
    void layerEntriesThroughAnAbsoluteLinkLandInsideTheRootOnBothSnapshotters(String kind) throws Exception {
        LayerBlob linked = tarLayer(TarEntry.symlink("lnk", "/etc", 0, 0, 0), fileEntry("lnk/same"));
        LayerBlob later = tarLayer(fileEntry("lnk/later"), fileEntry("lnk/conf.d/x"));
        String check = "test -L /lnk && test \"$(cat /etc/same /etc/later /etc/conf.d/x)\" = okokok"
                + " && test \"$(/bin/busybox stat -c %a /etc)\" = 751 && test -f /etc/passwd";
        Files.createDirectories(temp.resolve("scratch"));
        if (kind.equals("native")) {
            try (NativeSnapshotter snapshotter = new NativeSnapshotter(temp.resolve("native"), blobs, new LayerApplier(APPLIED))) {
                runAndCommit(snapshotter.prepareMounted(List.of(baseWithEtc751(), linked, later)), check);
            }
        } else {
            try (OverlaySnapshotter snapshotter = new OverlaySnapshotter(temp.resolve("overlay"), blobs, APPLIED)) {
                MutableSnapshot snapshot = snapshotter.prepareMounted(List.of(baseWithEtc751(), linked, later));
                assertInstanceOf(SnapshotMount.Overlay.class, snapshot.mount());
                runAndCommit(snapshot, check);
            }
        }
    }

    private LayerBlob baseWithEtc751() throws IOException {
        Path tree = temp.resolve("base");
        java.nio.file.Files.setPosixFilePermissions(tree.resolve("etc"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x--x"));
        return TestLayers.ofDirectory(blobs, tree);
    }

    private static TarEntry fileEntry(String name) {
        return TarEntry.file(name, 0644, 0, 0, 2, 0);
    }

    /** An uncompressed layer of these entries (files hold "ok"), stored in the blob store. */
    private LayerBlob tarLayer(TarEntry... entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (dev.jbuild.core.tar.TarWriter tar = new dev.jbuild.core.tar.TarWriter(bytes)) {
            for (TarEntry entry : entries) {
                if (entry.size() > 0) {
                    tar.write(entry, new java.io.ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8)));
                } else {
                    tar.write(entry);
                }
            }
        }
        var stored = blobs.write(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        return new LayerBlob(stored.digest(), stored.digest(), stored.size(), "application/vnd.oci.image.layer.v1.tar");
    }

    private LayerBlob runAndCommit(MutableSnapshot snapshot, String script) throws Exception {
        try (snapshot) {
            ExecResult result = new UnshareSandbox(HostProbe.system(), temp.resolve("scratch")).run(
                    ExecSpec.of(snapshot.mount(), List.of("/bin/sh", "-c", script)));
            assertEquals(0, result.exitCode(), result.outputTail());
            Set<String> stubs = new HashSet<>();
            for (MountStub stub : result.mountStubs()) {
                stubs.add(stub.path());
            }
            return snapshot.commit(OPTIONS, stubs);
        }
    }

    /** Each tar entry as name, type, mode, owner, size, link target and xattr names. */
    private List<String> entries(LayerBlob layer) throws IOException {
        List<String> entries = new ArrayList<>();
        try (InputStream in = Compression.decompress(blobs.open(layer.digest())); TarReader reader = new TarReader(in)) {
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e.name() + " " + e.type() + " " + Integer.toOctalString(e.mode()) + " " + e.uid() + ":"
                        + e.gid() + " " + e.size() + " " + e.linkName() + " " + e.xattrs().keySet() + " " + e.mtime());
            }
        }
        return entries;
    }
}
