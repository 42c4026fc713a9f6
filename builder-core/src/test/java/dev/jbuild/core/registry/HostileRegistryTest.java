package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against registries that play foul, each a real HTTP server on 127.0.0.1 or
 * 127.0.0.2: token realms on other hosts, redirects to other hosts, trickled bodies, configs
 * that announce a gibibyte, and addresses that do not resolve or refuse the connection.
 * A client without the limits hangs on the trickles: the class timeout turns that into a failure.
 */
@Timeout(30)
class HostileRegistryTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "do-not-leak-me";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String TOKEN = "t0k3n";
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Descriptor CONFIG_DESCRIPTOR = Descriptor.ofContent(MediaType.OCI_CONFIG, CONFIG);
    private static final TransferLimits ONE_SECOND_IDLE = new TransferLimits(Duration.ofSeconds(1), Duration.ofMinutes(1), 1);

    @TempDir
    Path work;
    private final List<HostileServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(HostileServer::close);
    }

    private HostileServer server(String address) throws IOException {
        HostileServer server = HostileServer.on(address);
        servers.add(server);
        return server;
    }

    private DockerConfig loginFor(HostileServer registry) throws IOException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return DockerConfig.load(Files.writeString(work.resolve("config.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}"));
    }

    private static ImageReference ref(HostileServer registry, String repositoryAndTag) {
        return ImageReference.parse(registry.address() + "/" + repositoryAndTag);
    }

    /** A registry that wants a Bearer token from {@code realm}, and serves a manifest to whoever has it. */
    private static void tokenProtectedManifest(HostileServer registry, String realm) {
        byte[] manifest = ImageJson.write(ImageManifest.of(CONFIG_DESCRIPTOR, List.of()));
        registry.route("/v2/app/manifests/1", exchange -> {
            if (("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                HostileServer.send(exchange, 200, MediaType.OCI_MANIFEST, manifest);
                return;
            }
            exchange.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer realm=\"" + realm + "\",service=\"hostile\",scope=\"repository:app:pull\"");
            HostileServer.send(exchange, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        });
    }

    private static void tokenService(HostileServer tokens) {
        tokens.route("/token", exchange -> HostileServer.send(exchange, 200, "application/json",
                "{\"token\":\"" + TOKEN + "\",\"expires_in\":300}"));
    }

    /** A registry that serves a manifest whose config is {@code config}, answering the config's GET with {@code answer}. */
    private static void manifestWithConfig(HostileServer registry, Descriptor config, HostileServer.Answer answer) {
        byte[] manifest = ImageJson.write(ImageManifest.of(config, List.of()));
        registry.route("/v2/app/manifests/1", exchange -> HostileServer.send(exchange, 200, MediaType.OCI_MANIFEST,
                manifest));
        registry.route("/v2/app/blobs/" + config.digest(), answer);
    }

    // ---- credentials ----

    @Test
    void tokenRealmOnAnotherHostGetsNoCredentials() throws IOException {
        HostileServer registry = server("127.0.0.1");
        HostileServer foreign = server("127.0.0.2");
        tokenService(foreign);
        tokenProtectedManifest(registry, foreign.url("/token"));
        RegistryClient client = RegistryClient.builder().dockerConfig(loginFor(registry)).build();

        client.fetchManifest(ref(registry, "app:1"));

        assertEquals(1, foreign.seen("/token").size());
        assertNull(foreign.seen("/token").get(0).authorization(), "the foreign realm was sent the login");
        assertEquals("Bearer " + TOKEN, registry.seen().get(registry.seen().size() - 1).authorization());
    }

    @Test
    void tokenRealmOnTheRegistrysHostGetsTheLogin() throws IOException {
        HostileServer registry = server("127.0.0.1");
        HostileServer tokens = server("127.0.0.1");
        tokenService(tokens);
        tokenProtectedManifest(registry, tokens.url("/token"));
        RegistryClient client = RegistryClient.builder().dockerConfig(loginFor(registry)).build();

        client.fetchManifest(ref(registry, "app:1"));

        assertEquals(BASIC, tokens.seen("/token").get(0).authorization());
    }

    @Test
    void tokenRealmOnATrustedAuthHostGetsTheLogin() throws IOException {
        HostileServer registry = server("127.0.0.1");
        HostileServer tokens = server("127.0.0.2");
        tokenService(tokens);
        tokenProtectedManifest(registry, tokens.url("/token"));
        RegistryClient client = RegistryClient.builder().dockerConfig(loginFor(registry)).trustAuthHost("127.0.0.2")
                .build();

        client.fetchManifest(ref(registry, "app:1"));

        assertEquals(BASIC, tokens.seen("/token").get(0).authorization());
    }

    @Test
    void refusedAnonymousTokenSaysTheLoginWasWithheldAndHowToTrustTheHost() throws IOException {
        HostileServer registry = server("127.0.0.1");
        HostileServer foreign = server("127.0.0.2");
        foreign.route("/token", exchange -> HostileServer.send(exchange, 401, "text/plain", "who are you"));
        tokenProtectedManifest(registry, foreign.url("/token"));
        RegistryClient client = RegistryClient.builder().dockerConfig(loginFor(registry))
                .retryPolicy(RetryPolicy.none()).build();

        RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest(ref(registry, "app:1")));

        assertNull(foreign.seen("/token").get(0).authorization());
        assertTrue(e.getMessage().endsWith("(anonymous token request refused; the login for " + registry.address()
                + " was not sent to the token realm on 127.0.0.2, which is neither the registry's host nor in its"
                + " domain; if that host is the registry's own token service, trust it with JBUILD_AUTH_HOSTS=127.0.0.2)"),
                e.getMessage());
    }

    @Test
    void blobRedirectToAnotherHostCarriesNoCredentials() throws IOException {
        HostileServer registry = server("127.0.0.1");
        HostileServer storage = server("127.0.0.2");
        byte[] blob = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Descriptor descriptor = Descriptor.ofContent(MediaType.OCI_LAYER, blob);
        storage.route("/storage/blob", exchange -> HostileServer.send(exchange, 200, "application/octet-stream", blob));
        registry.route("/v2/app/blobs/" + descriptor.digest(), exchange -> {
            if (!BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"hostile\"");
                HostileServer.send(exchange, 401, "text/plain", "login first");
                return;
            }
            exchange.getResponseHeaders().set("Location", storage.url("/storage/blob"));
            HostileServer.send(exchange, 307, "text/plain", new byte[0]);
        });
        RegistryClient client = RegistryClient.builder().dockerConfig(loginFor(registry)).build();

        client.fetchBlob(ref(registry, "app:1"), descriptor, new BlobStore(work.resolve("store")));

        assertEquals(BASIC, registry.seen().get(registry.seen().size() - 1).authorization());
        assertEquals(1, storage.seen().size());
        assertNull(storage.seen().get(0).authorization(), "the redirect target was sent the login");
    }

    // ---- trickling bodies ----

    @Test
    void blobTrickledAByteEveryTwoSecondsHitsTheIdleTimeoutInASecond() throws IOException {
        HostileServer registry = server("127.0.0.1");
        Descriptor blob = Descriptor.of(MediaType.OCI_LAYER, Digest.parse("sha256:" + "a".repeat(64)), 1000);
        registry.route("/v2/app/blobs/" + blob.digest(), HostileServer.trickle(1000, 2000));
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .retryPolicy(RetryPolicy.none()).transferLimits(ONE_SECOND_IDLE).build();

        long start = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.fetchBlob(ref(registry, "app:1"), blob, new BlobStore(work.resolve("store"))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(registry.address() + "/app:1: GET " + registry.url("/v2/app/blobs/" + blob.digest())
                + ": the registry sent no byte for 1 s (1 bytes received; idle limit jbuild.registry.idleTimeoutSeconds)",
                e.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1900)) < 0, "took " + took);
    }

    @Test
    void manifestTrickledHitsTheIdleTimeout() throws IOException {
        HostileServer registry = server("127.0.0.1");
        registry.route("/v2/app/manifests/1", HostileServer.trickle(500, 2000));
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .retryPolicy(RetryPolicy.none()).transferLimits(ONE_SECOND_IDLE).build();

        RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest(ref(registry, "app:1")));

        assertEquals(registry.address() + "/app:1: GET " + registry.url("/v2/app/manifests/1")
                + ": the registry sent no byte for 1 s (1 bytes received; idle limit jbuild.registry.idleTimeoutSeconds)",
                e.getMessage());
    }

    @Test
    void blobSentSteadilyButTooSlowlyHitsItsTotalDeadline() throws IOException {
        HostileServer registry = server("127.0.0.1");
        Descriptor blob = Descriptor.of(MediaType.OCI_LAYER, Digest.parse("sha256:" + "b".repeat(64)), 1000);
        registry.route("/v2/app/blobs/" + blob.digest(), HostileServer.trickle(1000, 100));
        TransferLimits limits = new TransferLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 30);
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .retryPolicy(RetryPolicy.none()).transferLimits(limits).build();

        long start = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.fetchBlob(ref(registry, "app:1"), blob, new BlobStore(work.resolve("store"))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(e.getMessage().startsWith(registry.address() + "/app:1: GET "
                + registry.url("/v2/app/blobs/" + blob.digest()) + ": the body was not complete within its deadline of 1 s ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(" bytes received; limits jbuild.registry.deadlineFloorSeconds and"
                + " jbuild.registry.minBytesPerSecond)"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1900)) < 0, "took " + took);
    }

    // ---- config size ----

    @Test
    void configAnnouncingAGibibyteIsRefusedWithoutReadingIt() throws IOException {
        HostileServer registry = server("127.0.0.1");
        manifestWithConfig(registry, CONFIG_DESCRIPTOR, exchange -> {
            exchange.sendResponseHeaders(200, 1L << 30);
            exchange.getResponseBody().flush();
            Thread.sleep(30_000);
        });
        // A client that read the body would sit out this idle timeout instead of failing at once.
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .retryPolicy(RetryPolicy.none())
                .transferLimits(new TransferLimits(Duration.ofSeconds(10), Duration.ofMinutes(1), 1)).build();
        BlobStore store = new BlobStore(work.resolve("store"));

        long start = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.pull(ref(registry, "app:1"), Platform.parse("linux/amd64"), store));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(registry.address() + "/app:1: GET " + registry.url("/v2/app/blobs/" + CONFIG_DESCRIPTOR.digest())
                + ": blob " + CONFIG_DESCRIPTOR.digest() + ": the registry announces 1073741824 bytes (Content-Length),"
                + " more than the " + CONFIG.length + " expected; refused unread", e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        assertFalse(store.contains(CONFIG_DESCRIPTOR.digest()));
    }

    @Test
    void manifestAnnouncingAGibibyteIsRefusedWithoutReadingIt() throws IOException {
        HostileServer registry = server("127.0.0.1");
        registry.route("/v2/app/manifests/1", exchange -> {
            exchange.sendResponseHeaders(200, 1L << 30);
            exchange.getResponseBody().flush();
            Thread.sleep(30_000);
        });
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none())
                .retryPolicy(RetryPolicy.none())
                .transferLimits(new TransferLimits(Duration.ofSeconds(10), Duration.ofMinutes(1), 1)).build();

        RegistryException e = assertThrows(RegistryException.class, () -> client.fetchManifest(ref(registry, "app:1")));

        assertEquals(registry.address() + "/app:1: GET " + registry.url("/v2/app/manifests/1") + ": manifest: the"
                + " registry announces 1073741824 bytes (Content-Length), more than the 4194304 expected; refused unread",
                e.getMessage());
    }

    @Test
    void configLargerThanTheCapIsRefusedBeforeItIsRequested() throws IOException {
        HostileServer registry = server("127.0.0.1");
        Descriptor huge = Descriptor.of(MediaType.OCI_CONFIG, Digest.parse("sha256:" + "c".repeat(64)), 3L << 29);
        manifestWithConfig(registry, huge, exchange -> HostileServer.send(exchange, 500, "text/plain", "unreachable"));
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none()).build();

        RegistryException e = assertThrows(RegistryException.class, () -> client.pull(ref(registry, "app:1"),
                Platform.parse("linux/amd64"), new BlobStore(work.resolve("store"))));

        assertEquals(registry.address() + "/app:1: the manifest says config " + huge.digest() + " is 1610612736 bytes,"
                + " more than the 8388608 a config may have; refusing it", e.getMessage());
        assertEquals(List.of(), registry.seen("/v2/app/blobs/" + huge.digest()));
    }

    // ---- unreachable registries ----

    @Test
    void unknownHostFailsAtOnceWithoutRetries() {
        RetryPolicy slow = new RetryPolicy(4, Duration.ofSeconds(4), Duration.ofSeconds(4));
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none()).retryPolicy(slow).build();

        long start = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.fetchManifest(ImageReference.parse("registry.invalid/app:1")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("registry.invalid/app:1: GET https://registry.invalid/v2/app/manifests/1: cannot resolve registry"
                + " host registry.invalid", e.getMessage());
        // One retry would wait at least 2 s (half the backoff, before jitter).
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
    }

    @Test
    void refusedConnectionNamesTheAddressAndPort() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10));
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.none()).retryPolicy(quick).build();

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.fetchManifest(ImageReference.parse("127.0.0.1:" + port + "/app:1")));

        assertEquals("127.0.0.1:" + port + "/app:1: GET http://127.0.0.1:" + port + "/v2/app/manifests/1: connection"
                + " refused by 127.0.0.1:" + port, e.getMessage());
    }
}
