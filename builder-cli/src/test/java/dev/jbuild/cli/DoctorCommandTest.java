package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    @Test
    void doctorReportsEachProbeAndWhatBuildsWouldUse() {
        CommandRun doctor = CommandRun.of("doctor");
        assertEquals(0, doctor.status(), doctor.out() + doctor.err());
        List<String> lines = doctor.out().lines().toList();
        assertEquals(List.of("user", "id mapping", "sandbox oci", "sandbox bwrap", "sandbox unshare", "overlay",
                "builds use"), lines.stream().map(l -> l.substring(0, 18).strip()).toList(), doctor.out());
        for (String line : lines.subList(2, 6)) {
            assertTrue(line.substring(19).startsWith("ok: ") || line.substring(19).startsWith("no: "), line);
        }
        // the tests run where every sandbox is installed (.ci/run), so the choice is a real one
        assertTrue(lines.get(6).matches("builds use +(oci|bwrap|unshare) sandbox, (overlay|native) snapshots"), lines.get(6));
    }
}
