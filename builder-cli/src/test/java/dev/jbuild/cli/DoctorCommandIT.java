package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.core.exec.HostProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorCommandIT {

    @Test
    void doctorReportsEachProbeAndWhatBuildsWouldUse() {
        CommandRun doctor = CommandRun.of("doctor");
        assertEquals(0, doctor.status(), doctor.out() + doctor.err());
        List<String> lines = doctor.out().lines().toList();
        assertEquals(List.of("user", "id mapping", "protections", "sandbox oci", "sandbox bwrap", "sandbox unshare",
                "overlay", "builds use"), lines.stream().map(l -> l.substring(0, 18).strip()).toList(), doctor.out());
        for (String line : lines.subList(3, 7)) {
            assertTrue(line.substring(19).startsWith("ok: ") || line.substring(19).startsWith("no: "), line);
        }
        // the tests run where every sandbox is installed (.ci/run), so the choice is a real one
        assertTrue(lines.get(7).matches("builds use +(oci|bwrap|unshare) sandbox, (overlay|native) snapshots"), lines.get(7));
    }

    /** CI runs as root: the report must say that steps are not host root, and bwrap (which would make them so) is refused. */
    @Test
    void doctorAsRootShowsTheShiftedRangeAndRefusesBubblewrap() {
        assumeTrue(HostProbe.system().identity().root(), "this case is about root; CI runs as root");
        List<String> lines = CommandRun.of("doctor").out().lines().toList();
        assertTrue(lines.get(1).contains("so container root is not host root"), lines.get(1));
        assertTrue(lines.get(2).contains("/proc/sys and other kernel knobs read-only"), lines.get(2));
        assertTrue(lines.get(2).contains("a seccomp filter like Docker's default profile (SCMP_ARCH_"), lines.get(2));
        assertTrue(lines.get(4).startsWith("sandbox bwrap      no: ") && lines.get(4).contains("as root use"), lines.get(4));
        assertTrue(lines.get(5).startsWith("sandbox unshare    ok: "), lines.get(5));
        assertTrue(lines.get(7).matches("builds use +unshare sandbox, (overlay|native) snapshots"), lines.get(7));
    }
}
