package dev.jbuild.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jbuild.cache.digest.Digest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for tests: Debian's {@code docker-registry} (the CNCF distribution
 * registry) serving 127.0.0.1 on a free port, with its storage and log under a test's temp
 * directory, optionally behind htpasswd Basic authentication or Bearer tokens. A missing
 * tool fails the test with the package to install; it is never skipped.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final String TOOL = "docker-registry";

    private final Process process;
    private final Thread reaper;
    private final int port;
    private final Path directory;

    private LocalRegistry(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        // Never leave a registry behind if the test JVM exits without closing us.
        this.reaper = new Thread(process::destroyForcibly, "local-registry-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** A registry anyone may push to and pull from. */
    public static LocalRegistry start(Path directory) throws IOException, InterruptedException {
        return start(directory, "");
    }

    /** A registry that requires this user and password (Basic authentication) for every request. */
    public static LocalRegistry startWithBasicAuth(Path directory, String user, String password)
            throws IOException, InterruptedException {
        if (!Command.available("htpasswd")) {
            fail("htpasswd is not installed; the registry tests need it to write a bcrypt password file "
                    + "(Debian package apache2-utils: apt-get install apache2-utils)");
        }
        Path htpasswd = directory.resolve("htpasswd");
        Files.writeString(htpasswd, Command.of(directory, "htpasswd", "-nbB", user, password).run().strip() + "\n");
        return start(directory, "auth:\n  htpasswd: {realm: jbuild-test, path: " + htpasswd.toAbsolutePath() + "}\n");
    }

    /** A registry that accepts only Bearer tokens from this token service, as Docker Hub does with its own. */
    public static LocalRegistry startWithTokenAuth(Path directory, LocalRegistryTokenService tokens)
            throws IOException, InterruptedException {
        return start(directory, "auth:\n  token:\n"
                + "    realm: " + tokens.realm() + "\n"
                + "    service: " + LocalRegistryTokenService.SERVICE + "\n"
                + "    issuer: " + LocalRegistryTokenService.ISSUER + "\n"
                + "    rootcertbundle: " + tokens.certificateBundle().toAbsolutePath() + "\n");
    }

    private static LocalRegistry start(Path directory, String auth) throws IOException, InterruptedException {
        if (!Command.available(TOOL)) {
            fail(TOOL + " is not installed; the registry tests run a real registry on 127.0.0.1 "
                    + "(Debian package docker-registry: apt-get install docker-registry)");
        }
        int port = freePort();
        Path storage = directory.resolve("storage");
        Files.createDirectories(storage);
        Path config = directory.resolve("config.yml");
        Files.writeString(config, "version: 0.1\n"
                + "log: {level: warn}\n"
                + "storage:\n"
                + "  filesystem: {rootdirectory: " + storage.toAbsolutePath() + "}\n"
                + "  delete: {enabled: true}\n"
                + "http: {addr: 127.0.0.1:" + port + ", secret: jbuild-test-secret}\n"
                + auth);
        Path log = directory.resolve("registry.log");
        Process process = new ProcessBuilder(TOOL, "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        LocalRegistry registry = new LocalRegistry(process, port, directory);
        registry.awaitReady();
        return registry;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                fail(TOOL + " exited with status " + process.exitValue() + " at start; its log:\n" + log());
            }
            try {
                int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        close();
        fail(TOOL + " did not answer on " + address() + " within 20 s; its log:\n" + log());
    }

    /** {@code 127.0.0.1:PORT}, the registry part of references to this registry. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The registry's storage root (the filesystem driver's {@code rootdirectory}). */
    public Path storage() {
        return directory.resolve("storage");
    }

    /** The file holding a blob's bytes inside the registry's storage, for tampering with in tests. */
    public Path blobData(Digest digest) {
        return storage().resolve("docker/registry/v2/blobs").resolve(digest.algorithm().ociName())
                .resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
    }

    /** Everything the registry printed, including its access log ({@code "PATCH /v2/… HTTP/1.1" 202}). */
    public String log() throws IOException {
        Path log = directory.resolve("registry.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The access-log lines of requests with this method, e.g. every {@code PATCH}. */
    public List<String> requests(String method) throws IOException {
        return log().lines().filter(line -> line.contains("\"" + method + " /v2/")).toList();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway and finds the process gone.
        }
    }
}
