package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {

    @TempDir
    Path dir;

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A real credential helper program: answers for one server, "not found" for others, and logs what it was asked. */
    private Path helper(String name, String server, String username, String secret) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n"
                + "[ \"$1\" = get ] || exit 2\n"
                + "read -r server || true\n"
                + "echo \"$server\" >> " + dir.resolve(name + ".asked") + "\n"
                + "if [ \"$server\" = '" + server + "' ]; then\n"
                + "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + username + "\",\"Secret\":\"" + secret + "\"}' \"$server\"\n"
                + "else\n"
                + "  echo 'credentials not found in native keychain'; exit 1\n"
                + "fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void readsBase64AuthForAHostWithPort() throws IOException {
        DockerConfig config = DockerConfig.load(config("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + base64("alice:pa:ss")
                + "\"}}}"));
        Credentials credentials = config.credentialsFor("127.0.0.1:5000").orElseThrow();
        assertEquals("alice", credentials.username());
        assertEquals("pa:ss", credentials.password());
        assertEquals(Optional.empty(), config.credentialsFor("127.0.0.1:5001"));
    }

    @Test
    void readsUsernameAndPasswordFieldsAndMatchesKeysWrittenAsUrls() throws IOException {
        DockerConfig config = DockerConfig.load(config("{\"auths\":{\"https://registry.example.com/v2/\":"
                + "{\"username\":\"bob\",\"password\":\"pw\"}}}"));
        assertEquals("bob", config.credentialsFor("registry.example.com").orElseThrow().username());
    }

    @Test
    void dockerHubLoginUnderItsV1KeyServesDockerIo() throws IOException {
        DockerConfig config = DockerConfig.load(config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + base64("hubuser:token") + "\"}}}"));
        assertEquals("hubuser", config.credentialsFor("docker.io").orElseThrow().username());
    }

    @Test
    void identityTokenIsKeptAsSuch() throws IOException {
        DockerConfig config = DockerConfig.load(config("{\"auths\":{\"r.example\":{\"auth\":\"" + base64("<token>:")
                + "\",\"identitytoken\":\"refresh-me\"}}}"));
        Credentials credentials = config.credentialsFor("r.example").orElseThrow();
        assertTrue(credentials.isIdentityToken());
        assertEquals("refresh-me", credentials.identityToken());
    }

    @Test
    void missingFileMeansNoLogins() {
        DockerConfig config = DockerConfig.load(dir.resolve("absent.json"));
        assertEquals(Optional.empty(), config.credentialsFor("docker.io"));
    }

    @Test
    void credHelperForTheRegistryIsAskedWithTheRegistryOnStdin() throws IOException {
        Path bin = helper("jbtest", "r.example:5000", "carol", "s3cret");
        DockerConfig config = DockerConfig.load(config("{\"credHelpers\":{\"r.example:5000\":\"jbtest\"},"
                + "\"auths\":{\"r.example:5000\":{\"auth\":\"" + base64("ignored:x") + "\"}}}"), List.of(bin));
        Credentials credentials = config.credentialsFor("r.example:5000").orElseThrow();
        assertEquals("carol", credentials.username());
        assertEquals("s3cret", credentials.password());
        assertTrue(credentials.source().contains("docker-credential-jbtest"), credentials.source());
        assertEquals("r.example:5000\n", Files.readString(dir.resolve("jbtest.asked")));
    }

    @Test
    void credsStoreServesEveryRegistryAndDockerHubIsAskedByItsV1Url() throws IOException {
        Path bin = helper("store", DockerConfig.DOCKER_HUB_SERVER, "<token>", "identity");
        DockerConfig config = DockerConfig.load(config("{\"credsStore\":\"store\"}"), List.of(bin));
        Credentials hub = config.credentialsFor("docker.io").orElseThrow();
        assertTrue(hub.isIdentityToken());
        assertEquals("identity", hub.identityToken());
        assertEquals(Optional.empty(), config.credentialsFor("other.example"));
        assertEquals(DockerConfig.DOCKER_HUB_SERVER + "\nother.example\n", Files.readString(dir.resolve("store.asked")));
    }

    @Test
    void helperThatIsNotInstalledIsNamedInTheError() throws IOException {
        DockerConfig config = DockerConfig.load(config("{\"credsStore\":\"nonexistent\"}"), List.of(dir));
        RegistryException e = assertThrows(RegistryException.class, () -> config.credentialsFor("r.example"));
        assertTrue(e.getMessage().contains("docker-credential-nonexistent"), e.getMessage());
    }

    @Test
    void malformedConfigNamesTheFile() throws IOException {
        Path file = config("{\"auths\": ");
        RegistryException e = assertThrows(RegistryException.class, () -> DockerConfig.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void credentialsNeverShowTheSecret() {
        assertEquals("user alice from test", Credentials.basic("alice", "hunter2", "test").toString());
    }
}
