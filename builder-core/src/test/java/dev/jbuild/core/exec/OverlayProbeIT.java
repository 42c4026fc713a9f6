package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
