package dev.jbuild.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a {@link LocalRegistry} that can be told to spoil the
 * next few connections — reset them, or answer 503 or 429 — the failures a real network and
 * a busy registry produce, so retries are tested against the real registry behind it.
 */
public final class LocalRegistryProxy implements AutoCloseable {

    /** What to do to a spoiled connection. */
    public enum Failure {
        /** Read the request, then drop the connection with a TCP reset. */
        RESET,
        /** Answer {@code 503 Service Unavailable} and close. */
        UNAVAILABLE,
        /** Answer {@code 429 Too Many Requests} with {@code Retry-After: 0} and close. */
        TOO_MANY_REQUESTS
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Deque<Failure> planned = new ArrayDeque<>();
    private final List<Failure> inflicted = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private LocalRegistryProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "registry-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay to the registry at {@code 127.0.0.1:PORT}. */
    public static LocalRegistryProxy inFrontOf(LocalRegistry registry) throws IOException {
        String address = registry.address();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return new LocalRegistryProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** {@code 127.0.0.1:PORT} of the relay, the registry part of references through it. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Spoils the next connections, one failure each, in this order. */
    public synchronized void failNext(Failure... failures) {
        planned.addAll(List.of(failures));
    }

    /** The failures dealt so far. */
    public List<Failure> inflicted() {
        return List.copyOf(inflicted);
    }

    private synchronized Failure nextFailure() {
        return planned.poll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "registry-proxy-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        Failure failure = nextFailure();
        try {
            if (failure != null) {
                inflicted.add(failure);
                readRequestHead(client.getInputStream());
                switch (failure) {
                    case RESET -> client.setSoLinger(true, 0);
                    case UNAVAILABLE -> answer(client, "503 Service Unavailable", "");
                    case TOO_MANY_REQUESTS -> answer(client, "429 Too Many Requests", "Retry-After: 0\r\n");
                }
                client.close();
                return;
            }
            Socket upstream = new Socket(target.getAddress(), target.getPort());
            open.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client), "registry-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void answer(Socket client, String status, String headers) throws IOException {
        String body = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected by the test proxy\"}]}";
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads up to the blank line ending the request head, so the client sees its request taken. */
    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // Either side went away; the other is closed below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(LocalRegistryProxy::closeQuietly);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
