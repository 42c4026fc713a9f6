package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.testing.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real registry that demands htpasswd Basic authentication, with logins from temp Docker configs. */
class AuthenticatedRegistryIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @TempDir
    static Path registryDir;
    private static LocalRegistry registry;

    @TempDir
    Path work;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.startWithBasicAuth(registryDir, USER, PASSWORD);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageReference ref(String repositoryAndTag) {
        return ImageReference.parse(registry.address() + "/" + repositoryAndTag);
    }

    private Path configWithAuth(String user, String password) throws IOException {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return Files.writeString(work.resolve("config.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
    }

    private static RegistryClient client(DockerConfig config) {
        return RegistryClient.builder().dockerConfig(config).build();
    }

    @Test
    void pushWithoutCredentialsFailsWithTheRegistrys401() {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 11, 100);
        Path absent = work.resolve("no-such-config.json");

        RegistryException e = assertThrows(RegistryException.class,
                () -> client(DockerConfig.load(absent)).push(ref("private:1"), image.manifest(), local));

        // The first request of a push is a HEAD, whose 401 has no body to quote; the status and the hint say it all.
        assertEquals(401, e.status());
        String prefix = registry.address() + "/private:1: HEAD http://" + registry.address() + "/v2/private/blobs/sha256:";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().endsWith(": 401 Unauthorized (no credentials for " + registry.address() + " in "
                + absent + "; log in or add them there)"), e.getMessage());
    }

    @Test
    void manifestGetWithoutCredentialsShowsTheRegistrysErrorBody() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(DockerConfig.none()).fetchManifest(ref("private:1")));
        assertEquals(registry.address() + "/private:1: GET http://" + registry.address()
                + "/v2/private/manifests/1: 401 UNAUTHORIZED: authentication required (no credentials for "
                + registry.address() + " in no Docker config; log in or add them there)", e.getMessage());
    }

    @Test
    void pushAndPullSucceedWithCredentialsFromConfigJson() throws IOException {
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 12, 2048, 77);
        RegistryClient client = client(DockerConfig.load(configWithAuth(USER, PASSWORD)));

        client.ping(registry.address());
        Digest pushed = client.push(ref("private:2"), image.manifest(), local);
        PulledImage pulled = client.pull(ref("private:2"), AMD64, new BlobStore(work.resolve("pulled")));

        assertEquals(image.manifest().digest(), pushed);
        assertEquals(pushed, pulled.digest());
        assertEquals(image.layers(), pulled.layers());
    }

    @Test
    void wrongPasswordIsReportedAsRefusedNotMissing() throws IOException {
        RegistryClient client = client(DockerConfig.load(configWithAuth(USER, "wrong")));
        RegistryException e = assertThrows(RegistryException.class, () -> client.ping(registry.address()));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("the registry refused user alice from " + work.resolve("config.json")),
                e.getMessage());
    }

    @Test
    void credentialHelperNamedInCredHelpersSuppliesTheLogin() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path helper = bin.resolve("docker-credential-jbuildtest");
        Files.writeString(helper, "#!/bin/sh\n"
                + "read -r server || true\n"
                + "if [ \"$server\" = '" + registry.address() + "' ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}' \"$server\"\n"
                + "else echo 'credentials not found in native keychain'; exit 1; fi\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = Files.writeString(work.resolve("config.json"),
                "{\"credHelpers\":{\"" + registry.address() + "\":\"jbuildtest\"}}");
        BlobStore local = new BlobStore(work.resolve("local"));
        SampleImage image = SampleImage.create(local, AMD64, 13, 64);

        Digest pushed = client(DockerConfig.load(config, List.of(bin))).push(ref("helped:1"), image.manifest(), local);

        assertEquals(image.manifest().digest(), pushed);
    }
}
