package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopedResolverTest {

    @TempDir
    Path temp;

    private Path root;
    private ScopedResolver resolver;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        resolver = new ScopedResolver(root);
    }

    @Test
    void absoluteLinkTargetStartsAgainAtTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("config"), Path.of("/etc"));
        assertEquals("etc/app.conf", resolver.resolve("/config/app.conf", true));
    }

    @Test
    void absoluteLinkToAHostDirectoryStaysInside() throws IOException {
        Path host = Files.createDirectories(temp.resolve("host-secrets"));
        Files.createSymbolicLink(root.resolve("escape"), host);
        String resolved = resolver.resolve("escape/file", true);
        assertEquals(root.relativize(root.resolve(host.toString().substring(1))).toString() + "/file", resolved);
    }

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("usr/lib/up"), Path.of("../../../../../etc"));
        assertEquals("etc", resolver.resolve("usr/lib/up", true));
        assertEquals("etc/x", resolver.resolve("/../../etc/x", true));
    }

    @Test
    void finalLinkIsKeptUnlessFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        assertEquals("lib", resolver.resolve("lib", false));
        assertEquals("usr/lib", resolver.resolve("lib", true));
        assertEquals("usr/lib/x", resolver.resolve("lib/x", false));
    }

    @Test
    void missingPartIsKeptAsWritten() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere/deep"));
        assertEquals("nowhere/deep", resolver.resolve("dangling", true));
        assertEquals("etc/new/dir", resolver.resolve("etc/new/dir", true));
        assertEquals(".", resolver.resolve("/", true));
    }

    @Test
    void linkLoopIsAnError() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThrows(FileSystemException.class, () -> resolver.resolve("a/x", true));
    }
}
