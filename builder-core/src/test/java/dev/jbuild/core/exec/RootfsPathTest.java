package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths inside a root filesystem resolve as the step sees them, never onto the host. */
class RootfsPathTest {

    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("run/systemd"));
    }

    @Test
    void absoluteSymlinkStartsAgainAtTheRootNotTheHost() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("/run/systemd/resolv.conf"));

        RootfsPath path = RootfsPath.resolve(root, "/etc/resolv.conf");

        assertEquals("/run/systemd/resolv.conf", path.containerPath());
        assertEquals(root.resolve("run/systemd/resolv.conf"), path.host());
        assertEquals(List.of(root.resolve("run/systemd/resolv.conf")), path.missing());
    }

    @Test
    void dotDotNeverClimbsAboveTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../../../../etc"));

        assertEquals(root.resolve("etc"), RootfsPath.resolve(root, "/../../etc").host());
        assertEquals("/etc", RootfsPath.resolve(root, "/etc/up").containerPath());
    }

    @Test
    void missingComponentsAreListedOutermostFirst() throws IOException {
        RootfsPath path = RootfsPath.resolve(root, "/srv//app/./src/");

        assertEquals("/srv/app/src", path.containerPath());
        assertEquals(List.of(root.resolve("srv"), root.resolve("srv/app"), root.resolve("srv/app/src")), path.missing());
    }

    @Test
    void relativeSymlinkToAMissingDirectoryLeadsIntoIt() throws IOException {
        Files.createSymbolicLink(root.resolve("var"), Path.of("run/var"));

        RootfsPath path = RootfsPath.resolve(root, "/var/cache");

        assertEquals("/run/var/cache", path.containerPath());
        assertEquals(List.of(root.resolve("run/var"), root.resolve("run/var/cache")), path.missing());
    }

    @Test
    void symlinkLoopsAndFilesInTheMiddleAreErrors() throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
        Files.writeString(root.resolve("etc/file"), "x");

        IOException loop = assertThrows(IOException.class, () -> RootfsPath.resolve(root, "/loop/x"));
        IOException file = assertThrows(IOException.class, () -> RootfsPath.resolve(root, "/etc/file/x"));

        assertTrue(loop.getMessage().contains("too many levels of symlinks"), loop.getMessage());
        assertTrue(file.getMessage().contains("not a directory"), file.getMessage());
    }

    @Test
    void cleanIsLexicalLikeGo() {
        assertEquals("/", RootfsPath.clean(""));
        assertEquals("/a/c", RootfsPath.clean("a/b/../c/."));
        assertEquals("/x", RootfsPath.clean("/../../x"));
    }
}
