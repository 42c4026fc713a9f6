package dev.jbuild.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for tests of ADD's downloads: files put under a path are
 * served with a strong ETag (a hash of the content), an optional {@code Last-Modified}, and
 * {@code 304 Not Modified} for a matching {@code If-None-Match}; anything else is 404. A whole
 * directory can be served as static files (a Git repository after update-server-info, which
 * git's dumb HTTP protocol reads). It counts the bodies it sends, so a test can tell a download
 * from a revalidation.
 */
public final class FileServer implements AutoCloseable {

    private record Served(byte[] content, Optional<Instant> lastModified) {
    }

    private final HttpServer server;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final Map<String, Path> directories = new ConcurrentHashMap<>();
    private final AtomicInteger bodies = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();

    private FileServer(HttpServer server) {
        this.server = server;
    }

    public static FileServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FileServer files = new FileServer(server);
        server.createContext("/", files::handle);
        server.start();
        return files;
    }

    /** Serves {@code content} at {@code path} (replacing what was there), with a Last-Modified header when given. */
    public void put(String path, byte[] content, Optional<Instant> lastModified) {
        files.put(path, new Served(content.clone(), lastModified));
    }

    public void put(String path, String content) {
        put(path, content.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    /** Serves the files below {@code directory} under {@code prefix} (which starts and ends with /). */
    public void serveDirectory(String prefix, Path directory) {
        directories.put(prefix, directory);
    }

    /** The URL of {@code path} on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How many responses carried a file's content. */
    public int bodiesSent() {
        return bodies.get();
    }

    /** How many requests were answered 304 Not Modified. */
    public int notModifiedSent() {
        return notModified.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<Served> served = Optional.ofNullable(files.get(path)).or(() -> fromDirectory(path));
            if (served.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] content = served.get().content();
            String etag = "\"" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content)) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            served.get().lastModified().ifPresent(t -> exchange.getResponseHeaders().set("Last-Modified",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC))));
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            bodies.incrementAndGet();
            exchange.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Served> fromDirectory(String path) {
        for (Map.Entry<String, Path> served : directories.entrySet()) {
            if (!path.startsWith(served.getKey())) {
                continue;
            }
            Path file = served.getValue().resolve(path.substring(served.getKey().length())).normalize();
            if (file.startsWith(served.getValue()) && Files.isRegularFile(file)) {
                try {
                    return Optional.of(new Served(Files.readAllBytes(file), Optional.empty()));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
