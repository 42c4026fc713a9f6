package dev.jbuild.core.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerNamesTest {

    @TempDir
    Path root;

    @Test
    void rootNeedsNoPasswdEntryAsInAScratchImage() {
        assertArrayEquals(new long[] {0, 0}, OwnerNames.resolve(root, "root"));
        assertArrayEquals(new long[] {0, 0}, OwnerNames.resolve(root, "root:root"));
    }

    @Test
    void namesComeFromTheImagesOwnFiles() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1001:1002::/app:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
        assertArrayEquals(new long[] {1001, 1002}, OwnerNames.resolve(root, "app"));
        assertArrayEquals(new long[] {1001, 50}, OwnerNames.resolve(root, "app:staff"));
        assertArrayEquals(new long[] {7, 7}, OwnerNames.resolve(root, "7"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> OwnerNames.resolve(root, "nobody"));
        assertTrue(missing.getMessage().contains("unable to find user nobody"), missing.getMessage());
    }
}
