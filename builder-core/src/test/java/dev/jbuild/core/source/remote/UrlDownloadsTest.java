package dev.jbuild.core.source.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.testing.FileServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlDownloadsTest {

    @TempDir
    Path dir;

    private FileServer server;
    private UrlDownloads downloads;

    @BeforeEach
    void start() throws Exception {
        server = FileServer.start();
        downloads = new UrlDownloads(dir.resolve("downloads"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Download fetch(String path) {
        return fetch(path, Optional.empty());
    }

    private Download fetch(String path, Optional<Digest> expected) {
        return downloads.fetch((RemoteSource.Url) RemoteSource.of(server.url(path)).orElseThrow(), expected);
    }

    private static Digest sha256(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unchangedUrlIsRevalidatedWithItsEtagAndNotDownloadedTwice() throws Exception {
        server.put("/f.txt", "hello");
        Download first = fetch("/f.txt");
        Download second = fetch("/f.txt");
        assertEquals(sha256("hello"), first.digest());
        assertEquals(first.keyPart(), second.keyPart());
        assertEquals("hello", Files.readString(second.content()));
        assertEquals(1, server.bodiesSent());
        assertEquals(1, server.notModifiedSent());
    }

    @Test
    void changedContentGivesAnotherDigestAndKey() {
        server.put("/f.txt", "one");
        Download first = fetch("/f.txt");
        server.put("/f.txt", "two");
        Download second = fetch("/f.txt");
        assertEquals(sha256("two"), second.digest());
        assertNotEquals(first.keyPart(), second.keyPart());
    }

    @Test
    void lastModifiedHeaderIsKeptAndInTheKey() {
        Instant time = Instant.parse("2021-03-04T05:06:07Z");
        server.put("/t.bin", "x".getBytes(StandardCharsets.UTF_8), Optional.of(time));
        Download download = fetch("/t.bin");
        assertEquals(Optional.of(time), download.lastModified());
        assertTrue(download.keyPart().contains("2021-03-04T05:06:07Z"), download.keyPart());
        assertEquals(Optional.of(time), fetch("/t.bin").lastModified()); // also after a 304
    }

    @Test
    void notFoundNamesTheUrlAndTheStatus() {
        RemoteSourceException e = assertThrows(RemoteSourceException.class, () -> fetch("/missing.txt"));
        assertTrue(e.getMessage().contains(server.url("/missing.txt")), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP status 404"), e.getMessage());
    }

    @Test
    void refusedConnectionNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/f";
        RemoteSourceException e = assertThrows(RemoteSourceException.class,
                () -> downloads.fetch((RemoteSource.Url) RemoteSource.of(url).orElseThrow(), Optional.empty()));
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void checksumMismatchShowsExpectedAndActualAndKeepsNoRecord() throws Exception {
        server.put("/f.txt", "actual");
        Digest wrong = sha256("expected");
        RemoteSourceException e = assertThrows(RemoteSourceException.class, () -> fetch("/f.txt", Optional.of(wrong)));
        assertTrue(e.getMessage().contains("expected " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("got " + sha256("actual")), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("downloads/urls")) || Files.list(dir.resolve("downloads/urls")).count() == 0);
    }

    @Test
    void matchingChecksumOfKeptContentNeedsNoRequest() {
        server.put("/f.txt", "pinned");
        Download first = fetch("/f.txt", Optional.of(sha256("pinned")));
        server.put("/f.txt", "changed upstream");
        Download second = fetch("/f.txt", Optional.of(sha256("pinned")));
        assertEquals(first.digest(), second.digest());
        assertEquals(1, server.bodiesSent());
        assertEquals(0, server.notModifiedSent());
    }

    @Test
    void environmentProxiesSkipLoopbackAndNoProxyHosts() {
        EnvironmentProxies proxies = new EnvironmentProxies(Map.of("HTTP_PROXY", "http://proxy.example:3128",
                "no_proxy", "internal.example,.corp"));
        assertEquals(java.net.Proxy.Type.HTTP, proxies.select(java.net.URI.create("http://example.com/")).get(0).type());
        for (String direct : new String[] {"http://127.0.0.1:8080/", "http://localhost/", "http://internal.example/",
                "http://a.corp/", "https://example.com/"}) {
            assertEquals(java.net.Proxy.NO_PROXY, proxies.select(java.net.URI.create(direct)).get(0), direct);
        }
    }
}
