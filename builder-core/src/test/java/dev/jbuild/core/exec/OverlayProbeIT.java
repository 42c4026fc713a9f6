package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayProbeIT {

    @TempDir
    Path temp;

    @Test
    void overlayMountsInAUserNamespaceOnThisKernel() throws Exception {
        OverlayProbe.Result result = new OverlayProbe(HostProbe.system(), temp).probe();
        assertTrue(result.usable(), result.detail());
    }

    @Test
    void aHostWithoutUnshareRefusesOverlaySayingWhatIsMissing() throws Exception {
        Path emptyHost = Files.createDirectory(temp.resolve("host"));
        OverlayProbe.Result result = new OverlayProbe(new HostProbe("", emptyHost), temp).probe();
        assertFalse(result.usable());
        assertTrue(result.detail().contains("'unshare'"), result.detail());
    }

    @Test
    void theProbeLeavesNothingBehind() throws Exception {
        new OverlayProbe(HostProbe.system(), temp).probe();
        try (var left = Files.list(temp)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("jbuild-overlay-probe-")));
        }
    }

    /**
     * overlayfs refuses an overlay as upper file system (a data directory in a container's root):
     * the probe must say so for that directory while the scratch area next to it still works.
     */
    @Test
    void theProbeAnswersForTheDirectoryTheSnapshotsGoIn() throws Exception {
        assertTrue(HostProbe.system().identity().root(), "this test mounts an overlay as the data directory's"
                + " file system, which needs root (the CI runs it as root)");
        Path outer = Files.createDirectory(temp.resolve("outer"));
        for (String name : List.of("lower", "upper", "work", "merged")) {
            Files.createDirectory(outer.resolve(name));
        }
        Path merged = outer.resolve("merged");
        assertEquals(0, new ProcessBuilder("mount", "-t", "overlay", "-o", "lowerdir=" + outer.resolve("lower")
                + ",upperdir=" + outer.resolve("upper") + ",workdir=" + outer.resolve("work"), "overlay", merged.toString())
                .inheritIO().start().waitFor());
        try {
            Path sessions = merged.resolve("data/snapshots/sessions");
            OverlayProbe.Result onOverlay = OverlayProbe.in(sessions).probe();
            assertFalse(onOverlay.usable(), onOverlay.detail());
            assertSame(OverlayProbe.in(sessions), OverlayProbe.in(merged.resolve("data/snapshots/./sessions")));
            OverlayProbe.Result beside = OverlayProbe.in(temp.resolve("plain")).probe();
            assertTrue(beside.usable(), beside.detail());
        } finally {
            new ProcessBuilder("umount", merged.toString()).inheritIO().start().waitFor();
        }
    }
}
