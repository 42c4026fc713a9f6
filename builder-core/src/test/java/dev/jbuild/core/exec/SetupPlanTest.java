package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupPlanTest {

    @TempDir
    Path temp;

    private static List<List<String>> mounts(SetupPlan plan) {
        return plan.operations().stream().filter(op -> op.get(0).equals("mount")).toList();
    }

    @Test
    void aRestrictedBindIsABindThenARemountWithItsFlagsAsMount8Does() {
        SetupPlan plan = new SetupPlan(SyscallArch.X86_64).mount("/dev/null", "/r/proc/kcore", "none", "bind,ro,nosuid,noexec");

        assertEquals(List.of(List.of("mount", "/dev/null", "/r/proc/kcore", "", "4096", ""),
                List.of("mount", "none", "/r/proc/kcore", "", Integer.toString(32 | 4096 | 1 | 2 | 8), "")), mounts(plan));
    }

    @Test
    void anRbindIsRecursiveAndAPlainBindNeedsNoRemount() {
        SetupPlan plan = new SetupPlan(SyscallArch.X86_64).mount("/src", "/r/dev/null", "none", "bind")
                .mount("/r", "/r", "none", "rbind,nodev");

        assertEquals(List.of(List.of("mount", "/src", "/r/dev/null", "", "4096", ""),
                List.of("mount", "/r", "/r", "", Integer.toString(4096 | 16384), ""),
                List.of("mount", "none", "/r", "", Integer.toString(32 | 4096 | 4), "")), mounts(plan));
    }

    @Test
    void otherFileSystemsTakeTheirFlagsAndTheRestAsData() {
        SetupPlan plan = new SetupPlan(SyscallArch.AARCH64).mount("devpts", "/r/dev/pts", "devpts",
                "newinstance,ptmxmode=0666,mode=0620,nosuid,noexec");

        assertEquals(List.of(List.of("mount", "devpts", "/r/dev/pts", "devpts", "10", "newinstance,ptmxmode=0666,mode=0620")),
                mounts(plan));
    }

    @Test
    void thePlanStartsWithTheArchitecturesSystemCallNumbers() {
        List<String> numbers = new SetupPlan(SyscallArch.AARCH64).operations().get(0);

        assertEquals("syscalls", numbers.get(0));
        assertEquals("97", numbers.get(numbers.indexOf("unshare") + 1));
        assertEquals("40", numbers.get(numbers.indexOf("mount") + 1));
    }

    @Test
    void theFileIsNulTerminatedWordsAndPrivate() throws Exception {
        Path file = new SetupPlan(SyscallArch.X86_64).add("env", "A=1\nline two", "B=").write(temp.resolve("plan"));

        String text = Files.readString(file);
        assertEquals("env\0" + "2\0A=1\nline two\0B=\0", text.substring(text.indexOf("env\0")));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aNulInAnArgumentIsRefused() {
        SetupPlan plan = new SetupPlan(SyscallArch.X86_64);

        assertThrows(IllegalArgumentException.class, () -> plan.add("env", "A=\0"));
    }
}
