package dev.jbuild.core.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIdentityTest {

    @Test
    void effectiveIdsAreTheSecondOfFourAndRootIsUidZeroWhateverTheName() throws IOException {
        HostIdentity setuid = HostIdentity.parse(List.of("Name:\tjava", "Uid:\t1000\t0\t0\t0", "Gid:\t1000\t50\t50\t50"),
                "alice");
        HostIdentity named = HostIdentity.parse(List.of("Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1000\t1000\t1000"),
                "root");

        assertEquals(new HostIdentity(0, 50, "alice"), setuid);
        assertTrue(setuid.root());
        assertFalse(named.root(), "a user called root is not root");
    }

    @Test
    void currentIsTheOwnerOfThisProcessesFiles(@TempDir Path temp) throws IOException {
        Path file = Files.createFile(temp.resolve("mine"));

        assertEquals(((Number) Files.getAttribute(file, "unix:uid")).longValue(), HostIdentity.current().uid());
        assertEquals(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue(),
                HostIdentity.current().uid());
    }

    @Test
    void statusWithoutIdsIsAnError() {
        assertThrows(IOException.class, () -> HostIdentity.parse(List.of("Name:\tjava"), "x"));
    }
}
