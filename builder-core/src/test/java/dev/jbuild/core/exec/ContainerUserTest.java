package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** USER values resolve through the image's own passwd and group files with runc's rules. */
class ContainerUserTest {

    @TempDir
    Path root;

    @BeforeEach
    void writeAccounts() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # a comment
                app:x:1000:1000:app:/home/app:/bin/sh
                daemon:x:1:1::/usr/sbin:/bin/false
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                wheel:x:10:root,app
                audio:x:29:app
                app:x:1000:
                """);
    }

    @Test
    void emptyIsRootWithItsSupplementaryGroups() throws IOException {
        assertEquals(new ContainerUser(0, 0, List.of(10L), "/root"), ContainerUser.resolve(root, ""));
    }

    @Test
    void nameGivesUidGidHomeAndMemberships() throws IOException {
        assertEquals(new ContainerUser(1000, 1000, List.of(10L, 29L), "/home/app"), ContainerUser.resolve(root, "app"));
    }

    @Test
    void uidWithAnEntryIsTheSameAsItsName() throws IOException {
        assertEquals(ContainerUser.resolve(root, "app"), ContainerUser.resolve(root, "1000"));
    }

    @Test
    void uidWithoutAnEntryRunsWithGidZeroInSlash() throws IOException {
        assertEquals(new ContainerUser(4242, 0, List.of(), "/"), ContainerUser.resolve(root, "4242"));
    }

    @Test
    void explicitGroupReplacesPrimaryAndDropsSupplementary() throws IOException {
        assertEquals(new ContainerUser(1000, 29, List.of(), "/home/app"), ContainerUser.resolve(root, "app:audio"));
        assertEquals(new ContainerUser(1000, 777, List.of(), "/home/app"), ContainerUser.resolve(root, "app:777"));
        assertEquals(new ContainerUser(1, 10, List.of(), "/usr/sbin"), ContainerUser.resolve(root, "daemon:wheel"));
    }

    @Test
    void unknownNamesAreErrors() {
        IllegalArgumentException user = assertThrows(IllegalArgumentException.class,
                () -> ContainerUser.resolve(root, "ghost"));
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> ContainerUser.resolve(root, "app:ghosts"));

        assertEquals("unable to find user ghost: no matching entries in the image's /etc/passwd", user.getMessage());
        assertEquals("unable to find group ghosts: no matching entries in the image's /etc/group", group.getMessage());
    }

    @Test
    void imageWithoutAccountFilesStillRunsNumericIds() throws IOException {
        Files.delete(root.resolve("etc/passwd"));
        Files.delete(root.resolve("etc/group"));

        assertEquals(new ContainerUser(0, 0, List.of(), "/"), ContainerUser.resolve(root, ""));
        assertEquals(new ContainerUser(5, 6, List.of(), "/"), ContainerUser.resolve(root, "5:6"));
    }
}
