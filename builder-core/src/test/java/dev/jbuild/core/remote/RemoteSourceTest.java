package dev.jbuild.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemoteSourceTest {

    private static String fileName(String url) {
        return ((RemoteSource.Url) RemoteSource.of(url).orElseThrow()).fileName();
    }

    @Test
    void downloadIsNamedByTheLastSegmentOfTheUrlPathAsBuildkitNamesIt() {
        assertEquals("tool-1.2.tar.gz", fileName("https://example.com/dl/tool-1.2.tar.gz"));
        assertEquals("file.txt", fileName("https://example.com/file.txt?token=abc#frag"));
        assertEquals("dir", fileName("https://example.com/a/dir/"));
        assertEquals("a b", fileName("https://example.com/a%20b"));
        assertEquals("__unnamed__", fileName("https://example.com/"));
        assertEquals("__unnamed__", fileName("http://example.com"));
    }

    @Test
    void gitUrlsAreTheOnesBuildkitTakesForRepositories() {
        RemoteSource.Git git = assertInstanceOf(RemoteSource.Git.class,
                RemoteSource.of("https://example.com/org/repo.git#v1.0:docs/api").orElseThrow());
        assertEquals("https://example.com/org/repo.git", git.remote());
        assertEquals("v1.0", git.ref());
        assertEquals("docs/api", git.subdir());
        assertInstanceOf(RemoteSource.Git.class, RemoteSource.of("git@example.com:org/repo").orElseThrow());
        assertInstanceOf(RemoteSource.Git.class, RemoteSource.of("git://example.com/repo").orElseThrow());
        assertEquals("", ((RemoteSource.Git) RemoteSource.of("https://example.com/repo.git").orElseThrow()).ref());
    }

    @Test
    void contextPathsFileUrlsAndTheGithubShorthandAreNotRemote() {
        assertTrue(RemoteSource.of("src/app.jar").isEmpty());
        assertTrue(RemoteSource.of("file:///etc/passwd").isEmpty());
        assertTrue(RemoteSource.of("github.com/org/repo").isEmpty());
    }

    @Test
    void urlWithoutHostIsRefusedNamingIt() {
        RemoteSourceException e = assertThrows(RemoteSourceException.class, () -> RemoteSource.of("http:///path"));
        assertTrue(e.getMessage().contains("http:///path"), e.getMessage());
    }
}
