package dev.jbuild.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.exec.ExecResult;
import dev.jbuild.core.exec.ExecSpec;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.Mount;
import dev.jbuild.core.exec.MountStub;
import dev.jbuild.core.exec.OverlayProbe;
import dev.jbuild.core.exec.UnshareSandbox;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two RUN mounts whose common parent the image lacks ({@code /run/secrets/a} and
 * {@code /run/secrets/b} on an image without {@code /run}), on both snapshotters: each missing
 * directory is created once, parents first, and every stub is gone from the layer afterwards.
 */
class MountsUnderAMissingParentIT {

    @TempDir
    Path temp;

    private BlobStore blobs;
    private LayerBlob base;

    @BeforeEach
    void setUp() throws Exception {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            fail("these tests run a static busybox in the sandbox: apt-get install busybox-static");
        }
        blobs = new BlobStore(temp.resolve("blobs"));
        Path tree = temp.resolve("base");
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(busybox, tree.resolve("bin/busybox"));
        for (String applet : List.of("sh", "cat")) {
            Files.createSymbolicLink(tree.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        TestLayers.write(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        base = TestLayers.ofDirectory(blobs, tree);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native", "overlay"})
    void twoMountsUnderAMissingCommonParentBothArriveAndLeaveNoStub(String kind) throws Exception {
        Path a = Files.writeString(temp.resolve("a"), "A\n");
        Path b = Files.writeString(temp.resolve("b"), "B\n");
        if (kind.equals("overlay")) {
            assertTrue(OverlayProbe.in(Path.of(System.getProperty("java.io.tmpdir"))).probe().usable(), OverlayProbe.in(Path.of(System.getProperty("java.io.tmpdir"))).probe().detail());
        }
        try (Snapshotter snapshotter = kind.equals("overlay")
                ? new OverlaySnapshotter(temp.resolve("overlay"), blobs)
                : new NativeSnapshotter(temp.resolve("native"), blobs);
             MutableSnapshot snapshot = snapshotter.prepareMounted(List.of(base))) {
            ExecResult result = new UnshareSandbox(HostProbe.system(), temp.resolve("scratch")).run(
                    ExecSpec.of(snapshot.mount(), List.of("/bin/sh", "-c", "cat /run/secrets/a /run/secrets/b"))
                            .withMounts(List.of(new Mount.Bind(a, "/run/secrets/a", false),
                                    new Mount.Bind(b, "/run/secrets/b", false))));

            assertEquals(0, result.exitCode(), result.outputTail());
            assertEquals("A\nB\n", result.outputTail());
            List<MountStub> underRun = result.mountStubs().stream().filter(s -> s.path().startsWith("/run")).toList();
            assertEquals(List.of(new MountStub("/run", true, true), new MountStub("/run/secrets", true, true),
                    new MountStub("/run/secrets/a", false, true), new MountStub("/run/secrets/b", false, true)), underRun);
            Set<String> stubs = new HashSet<>();
            result.mountStubs().forEach(stub -> stubs.add(stub.path()));
            List<String> changed = snapshot.diff(stubs).stream().map(LayerChange::path).toList();
            assertTrue(changed.stream().noneMatch(path -> path.startsWith("run")), changed.toString());
        }
    }
}
