package dev.jbuild.core.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on one loopback address (127.0.0.1 or 127.0.0.2) that answers each path
 * as the test says — a registry, a token service or blob storage playing foul — and records
 * every request with the Authorization header it carried.
 */
final class HostileServer implements AutoCloseable {

    /** One request as the server saw it; {@code authorization} is null if none was sent. */
    record Seen(String method, String path, String authorization) {
    }

    /** What the server does for one path. */
    interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private HostileServer(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        // Trickling answers sleep; each exchange gets its own thread so the others still answer.
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static HostileServer on(String address) throws IOException {
        return new HostileServer(address);
    }

    HostileServer route(String path, Answer answer) {
        routes.put(path, answer);
        return this;
    }

    /** host:port, as a registry name. */
    String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    String url(String path) {
        return "http://" + address() + path;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization")));
        try (exchange) {
            Answer answer = routes.get(path);
            if (answer == null) {
                send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"" + path + "\"}]}");
            } else {
                answer.answer(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client hung up on a trickle or a refused body: that is what the tests provoke.
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Headers for {@code length} bytes, then one byte every {@code pause} milliseconds until the client gives up. */
    static Answer trickle(long length, long pauseMillis) {
        return exchange -> {
            exchange.sendResponseHeaders(200, length);
            OutputStream out = exchange.getResponseBody();
            for (long i = 0; i < length; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(pauseMillis);
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
