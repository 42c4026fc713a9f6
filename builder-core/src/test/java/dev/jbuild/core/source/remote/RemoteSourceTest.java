package dev.jbuild.core.source.remote;

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

    private static RemoteSource.Git git(String url) {
        return RemoteSource.Git.parse(url);
    }

    private static String refused(String url) {
        return assertThrows(RemoteSourceException.class, () -> RemoteSource.Git.parse(url)).getMessage();
    }

    @Test
    void gitUrlQueryFormsAreReadAsBuildkitReadsThem() {
        RemoteSource.Git query = git("https://h/r.git?ref=v1&subdir=docs%2Fapi&keep-git-dir");
        assertEquals("https://h/r.git", query.remote());
        assertEquals("v1", query.ref());
        assertEquals("docs/api", query.subdir());
        assertEquals(java.util.Optional.of(true), query.keepGitDir());
        assertEquals("refs/tags/v2", git("https://h/r.git?tag=v2").ref());
        assertEquals("refs/heads/main", git("https://h/r.git?branch=main").ref());
        assertEquals(java.util.Optional.of("abc123"), git("https://h/r.git?commit=abc123").checksum());
        assertEquals("v1", git("https://h/r.git?subdir=a#v1").ref());
        assertEquals(java.util.Optional.of(false), git("https://h/r.git?keep-git-dir=false").keepGitDir());

        assertTrue(refused("https://h/r.git?ref=a#b").contains("ref conflicts: \"b\" vs \"a\""));
        assertTrue(refused("https://h/r.git?tag=a&branch=b").contains("branch conflicts with tag"));
        assertTrue(refused("https://h/r.git?subdir=x#:y").contains("subdir conflicts"));
        assertTrue(refused("https://h/r.git?color=red").contains("unexpected query \"color\""));
        assertTrue(refused("https://h/r.git?ref=").contains("query \"ref\" has no value"));
        assertTrue(refused("https://h/r.git?ref=a&ref=b").contains("has multiple values"));
        assertTrue(refused("https://h/r.git?keep-git-dir=maybe").contains("invalid keep-git-dir value"));
        assertTrue(refused("https://h/r.git?submodules=true").contains("submodules are not supported"));
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
