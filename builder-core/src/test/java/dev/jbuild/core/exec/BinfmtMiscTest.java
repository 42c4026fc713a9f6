package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads binfmt_misc entries in the kernel's own format (as /proc/sys/fs/binfmt_misc shows
 * Debian's qemu-user-static lines): a matching enabled entry with the F flag lets an
 * architecture run; no entry, no F flag, a disabled table or no mount each say what to do.
 */
class BinfmtMiscTest {

    // what the kernel shows for /usr/lib/binfmt.d/qemu-aarch64.conf once registered
    private static final String AARCH64 = """
            enabled
            interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
            flags: %s
            offset 0
            magic 7f454c460201010000000000000000000200b700
            mask ffffffffffffff00fffffffffffffffffeffffff
            """;

    @TempDir
    Path dir;

    private BinfmtMisc mounted() throws IOException {
        Files.writeString(dir.resolve("register"), "");
        Files.writeString(dir.resolve("status"), "enabled\n");
        return new BinfmtMisc(dir, "amd64");
    }

    @Test
    void registeredInterpreterWithFixBinaryFlagRunsArm64() throws IOException {
        BinfmtMisc table = mounted();
        Files.writeString(dir.resolve("qemu-aarch64"), AARCH64.formatted("POF"));
        assertEquals(Optional.empty(), table.problem("linux/arm64", "arm64"));
    }

    @Test
    void emulatedListsWhatRunsHereBesidesTheHost() throws IOException {
        BinfmtMisc table = mounted();
        Files.writeString(dir.resolve("qemu-aarch64"), AARCH64.formatted("POF"));
        assertEquals(java.util.Map.of("386", "natively", "arm64", "/usr/libexec/qemu-binfmt/aarch64-binfmt-P"),
                table.emulated());
    }

    @Test
    void hostArchitectureAnd386NeedNoInterpreter() {
        BinfmtMisc table = new BinfmtMisc(dir.resolve("absent"), "amd64");
        assertEquals(Optional.empty(), table.problem("linux/amd64", "amd64"));
        assertEquals(Optional.empty(), table.problem("linux/386", "386"));
    }

    @Test
    void architectureWithoutAnEntryNamesThePackageAndTheRegistration() throws IOException {
        BinfmtMisc table = mounted();
        Files.writeString(dir.resolve("qemu-aarch64"), AARCH64.formatted("POF"));
        String problem = table.problem("linux/s390x", "s390x").orElseThrow();
        assertTrue(problem.contains("RUN steps for linux/s390x need an emulator"), problem);
        assertTrue(problem.contains("install qemu-user-static"), problem);
        assertTrue(problem.contains("/usr/lib/binfmt.d/qemu-s390x.conf > " + dir.resolve("register")), problem);
    }

    @Test
    void disabledEntryDoesNotCount() throws IOException {
        BinfmtMisc table = mounted();
        Files.writeString(dir.resolve("qemu-aarch64"), AARCH64.formatted("POF").replace("enabled", "disabled"));
        assertTrue(table.problem("linux/arm64", "arm64").orElseThrow().contains("no binfmt_misc entry for arm64"));
    }

    @Test
    void entryWithoutFixBinaryFlagIsRefusedWithTheReason() throws IOException {
        BinfmtMisc table = mounted();
        Files.writeString(dir.resolve("qemu-aarch64"), AARCH64.formatted("PO"));
        String problem = table.problem("linux/arm64", "arm64").orElseThrow();
        assertTrue(problem.contains("without the F flag"), problem);
    }

    @Test
    void unmountedOrDisabledTableSaysHowToTurnItOn() throws IOException {
        String unmounted = new BinfmtMisc(dir, "amd64").problem("linux/arm64", "arm64").orElseThrow();
        assertTrue(unmounted.contains("mount -t binfmt_misc binfmt_misc " + dir), unmounted);
        BinfmtMisc table = mounted();
        Files.writeString(dir.resolve("status"), "disabled\n");
        assertTrue(table.problem("linux/arm64", "arm64").orElseThrow().contains("echo 1 > " + dir.resolve("status")));
    }
}
