package dev.jbuild.core.source.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.FileServer;
import dev.jbuild.core.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git sources served over git's dumb HTTP protocol by a real server on 127.0.0.1. */
class GitCheckoutsTest {

    @TempDir
    Path dir;

    private FileServer server;
    private GitFixture repo;
    private RevCommit first;
    private RevCommit second;
    private GitCheckouts checkouts;

    @BeforeEach
    void serveRepository() throws Exception {
        repo = GitFixture.init(dir.resolve("work"));
        first = repo.commit("first", Map.of("README", "v1\n", "docs/guide.txt", "guide v1\n"));
        repo.tag("v1");
        second = repo.commit("second", Map.of("README", "v2\n"));
        repo.updateServerInfo();
        server = FileServer.start();
        server.serveDirectory("/repo.git/", repo.gitDirectory());
        checkouts = new GitCheckouts(dir.resolve("scratch"));
    }

    @AfterEach
    void stop() {
        server.close();
        repo.close();
    }

    private RemoteSource.Git source(String fragment) {
        return (RemoteSource.Git) RemoteSource.of(server.url("/repo.git") + fragment).orElseThrow();
    }

    @Test
    void refsResolveToCommitsWithoutCloning() {
        assertEquals(second.getName(), checkouts.commit(source(""), Optional.empty()));
        assertEquals(second.getName(), checkouts.commit(source("#main"), Optional.empty()));
        assertEquals(first.getName(), checkouts.commit(source("#v1"), Optional.empty()));
        assertEquals(first.getName(), checkouts.commit(source("#" + first.getName()), Optional.empty()));
        RemoteSourceException missing = assertThrows(RemoteSourceException.class,
                () -> checkouts.commit(source("#nope"), Optional.empty()));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("/repo.git"),
                missing.getMessage());
    }

    @Test
    void checksumMustBeThePrefixOfTheResolvedCommit() {
        String prefix = second.getName().substring(0, 12);
        assertEquals(second.getName(), checkouts.commit(source("#main"), Optional.of(prefix)));
        RemoteSourceException e = assertThrows(RemoteSourceException.class,
                () -> checkouts.commit(source("#main"), Optional.of(first.getName())));
        assertTrue(e.getMessage().contains("expected commit " + first.getName())
                && e.getMessage().contains("got " + second.getName()), e.getMessage());
        assertThrows(RemoteSourceException.class, () -> checkouts.commit(source(""), Optional.of("sha256:abc")));
    }

    @Test
    void checkoutDropsTheGitDirectoryUnlessKept() throws Exception {
        Path plain = checkouts.checkout(source("#v1"), first.getName(), dir.resolve("plain"), false);
        assertEquals("v1\n", Files.readString(plain.resolve("README")));
        assertFalse(Files.exists(plain.resolve(".git")));
        Path kept = checkouts.checkout(source(""), second.getName(), dir.resolve("kept"), true);
        assertEquals("v2\n", Files.readString(kept.resolve("README")));
        assertTrue(Files.isRegularFile(kept.resolve(".git/HEAD")));
    }

    @Test
    void subdirectoryIsWhatIsCopied() throws Exception {
        Path docs = checkouts.checkout(source("#main:docs"), second.getName(), dir.resolve("sub"), false);
        assertEquals("guide v1\n", Files.readString(docs.resolve("guide.txt")));
        assertThrows(RemoteSourceException.class,
                () -> checkouts.checkout(source("#main:none"), second.getName(), dir.resolve("none"), false));
    }
}
