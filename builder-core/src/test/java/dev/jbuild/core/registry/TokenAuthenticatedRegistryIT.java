package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.testing.LocalRegistry;
import dev.jbuild.core.testing.LocalRegistryTokenService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real registry that accepts only Bearer tokens, from a token service
 * that hands out anonymous pull-only tokens the way Docker Hub does.
 */
class TokenAuthenticatedRegistryIT {

    private static final String USER = "bob";
    private static final String PASSWORD = "token-test-password";
    private static final String IDENTITY_TOKEN = "refresh-me-please";
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path registryDir;
    private static LocalRegistryTokenService tokens;
    private static LocalRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void startRegistry() throws Exception {
        tokens = LocalRegistryTokenService.start(registryDir, USER, PASSWORD, IDENTITY_TOKEN);
        registry = LocalRegistry.startWithTokenAuth(registryDir, tokens);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private ImageReference ref(String repositoryAndTag) {
        return ImageReference.parse(registry.address() + "/" + repositoryAndTag);
    }

    private RegistryClient loggedIn() throws IOException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Path config = Files.writeString(work.resolve("config.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
        return RegistryClient.builder().dockerConfig(DockerConfig.load(config)).build();
    }

    private static RegistryClient anonymous() {
        return RegistryClient.builder().dockerConfig(DockerConfig.none()).build();
    }

    private List<String> tokenRequestsSince(int before) {
        List<String> all = tokens.requests();
        return all.subList(before, all.size());
    }

    @Test
    void pingWithAGivenLoginChecksItAtTheTokenServiceAsLoginDoes() {
        int before = tokens.requests().size();
        RegistryClient.builder().dockerConfig(DockerConfig.of(registry.address(), Credentials.basic(USER, PASSWORD, "test")))
                .build().ping(registry.address());
        assertEquals(List.of("GET " + USER + " "), tokenRequestsSince(before), "a token for the user, no scope");

        RegistryClient wrong = RegistryClient.builder()
                .dockerConfig(DockerConfig.of(registry.address(), Credentials.basic(USER, "wrong", "test"))).build();
        RegistryException e = assertThrows(RegistryException.class, () -> wrong.ping(registry.address()));
        assertTrue(e.getMessage().contains("the token service refused user bob from test"), e.getMessage());
    }

    @Test
    void anonymousPullGetsAPullOnlyTokenLikeDockerHubs() throws IOException {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 21, 300, 400);
        loggedIn().push(ref("public:1"), image.manifest(), local);
        int before = tokens.requests().size();

        PulledImage pulled = anonymous().pull(ref("public:1"), AMD64, new BlobStore(work.resolve("pulled")));

        assertEquals(image.manifest().digest(), pulled.digest());
        assertEquals(List.of("GET anonymous repository:public:pull"), tokenRequestsSince(before));
    }

    @Test
    void oneTokenServesEveryRequestOfAPullWithTheSameScope() throws IOException {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 22, 10, 20, 30);
        RegistryClient client = loggedIn();
        client.push(ref("cached:1"), image.manifest(), local);
        int before = tokens.requests().size();

        client.pull(ref("cached:1"), AMD64, new BlobStore(work.resolve("pulled")));

        assertEquals(List.of("GET " + USER + " repository:cached:pull"), tokenRequestsSince(before));
    }

    @Test
    void anonymousPushIsRefusedWithTheRegistrys401() {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 23, 50);

        RegistryException e = assertThrows(RegistryException.class,
                () -> anonymous().push(ref("nopush:1"), image.manifest(), local));

        assertEquals(401, e.status());
        assertEquals(registry.address() + "/nopush:1: POST http://" + registry.address()
                + "/v2/nopush/blobs/uploads/: 401 UNAUTHORIZED: authentication required (no credentials for "
                + registry.address() + " in no Docker config; log in or add them there)", e.getMessage());
    }

    @Test
    void identityTokenIsExchangedThroughTheRefreshTokenGrant() throws IOException {
        Path config = Files.writeString(work.resolve("config.json"), "{\"auths\":{\"" + registry.address()
                + "\":{\"identitytoken\":\"" + IDENTITY_TOKEN + "\"}}}");
        RegistryClient client = RegistryClient.builder().dockerConfig(DockerConfig.load(config)).build();
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 24, 60);
        int before = tokens.requests().size();

        Digest pushed = client.push(ref("oauth:1"), image.manifest(), local);

        assertEquals(image.manifest().digest(), pushed);
        assertTrue(tokenRequestsSince(before).stream().allMatch(r -> r.startsWith("POST refresh-token ")),
                () -> "token requests: " + tokenRequestsSince(before));
    }

    @Test
    void crossRepositoryMountAsksForPullOnTheSourceInTheSameToken() throws IOException {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 25, 700);
        RegistryClient client = loggedIn();
        client.push(ref("mount-from:1"), image.manifest(), local);
        int before = tokens.requests().size();

        BlobPushOutcome outcome = client.pushBlob(ref("mount-to:1"), image.layers().get(0), local, List.of("mount-from"));

        assertEquals(BlobPushOutcome.MOUNTED, outcome);
        assertEquals(List.of("GET " + USER + " repository:mount-from:pull repository:mount-to:pull,push"),
                tokenRequestsSince(before));
    }
}
