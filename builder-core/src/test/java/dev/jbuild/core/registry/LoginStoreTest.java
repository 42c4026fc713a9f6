package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins written to and removed from real config files, and through a real credential helper program. */
class LoginStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readAllBytes(file));
    }

    @Test
    void dockerHubIsKeyedAsDockerKeysItAndOtherRegistriesByHost() {
        assertEquals("https://index.docker.io/v1/", LoginStore.serverKey(null));
        assertEquals("https://index.docker.io/v1/", LoginStore.serverKey("docker.io"));
        assertEquals("https://index.docker.io/v1/", LoginStore.serverKey("registry-1.docker.io"));
        assertEquals("registry.lan:5000", LoginStore.serverKey("https://Registry.lan:5000/v2/"));
    }

    @Test
    void aNewConfigIsOwnerOnlyWithTheLoginInAuths() throws IOException {
        Path file = dir.resolve("docker/config.json");
        boolean inHelper = new LoginStore(file, List.of()).store("registry.lan:5000",
                Credentials.basic("alice", "s3cret", "test"));

        assertFalse(inHelper);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
                read(file).at("/auths/registry.lan:5000/auth").asText());
        assertTrue(Files.readString(file).contains("\n\t\"auths\": {"), "tab-indented as docker writes it");
        assertEquals("alice", DockerConfig.load(file, List.of()).credentialsFor("registry.lan:5000").orElseThrow().username());
    }

    @Test
    void otherKeysAndLoginsAreKeptAndEraseRemovesEverySpelling() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"https://registry.lan:5000/v1/\":"
                + "{\"auth\":\"b2xkOm9sZA==\"},\"other.lan\":{\"auth\":\"eDp5\"}},\"psFormat\":\"table {{.ID}}\","
                + "\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy:3128\"}}}");
        LoginStore store = new LoginStore(file, List.of());

        store.store("registry.lan:5000", Credentials.basic("alice", "new", "test"));
        JsonNode config = read(file);
        assertEquals("table {{.ID}}", config.get("psFormat").asText());
        assertEquals("http://proxy:3128", config.at("/proxies/default/httpProxy").asText());
        assertTrue(config.at("/auths/https:~1~1registry.lan:5000~1v1~1").isMissingNode(), "the old spelling is replaced");
        assertEquals(List.of("other.lan", "registry.lan:5000"), fieldNames(config.get("auths")));

        assertTrue(store.erase("registry.lan:5000"));
        assertEquals(List.of("other.lan"), fieldNames(read(file).get("auths")));
        assertFalse(store.erase("registry.lan:5000"), "nothing left to remove");
    }

    @Test
    void aCredsStoreKeepsTheSecretAndTheFileAnEmptyEntry() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path kept = dir.resolve("kept.json");
        Path script = bin.resolve("docker-credential-test");
        // A whole helper: store keeps stdin, get answers from it, erase deletes it.
        Files.writeString(script, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  store) cat > " + kept + " ;;\n"
                + "  get) read -r server; [ -f " + kept + " ] || { echo 'credentials not found in native keychain'; exit 1; }; cat " + kept + " ;;\n"
                + "  erase) read -r server; echo \"$server\" > " + dir.resolve("erased") + "; [ -f " + kept + " ] || { echo 'credentials not found in native keychain'; exit 1; }; rm " + kept + " ;;\n"
                + "  *) exit 2 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("config.json"), "{\"credsStore\":\"test\"}");
        LoginStore store = new LoginStore(file, List.of(bin));

        assertTrue(store.store("https://index.docker.io/v1/", Credentials.basic("bob", "tok en", "test")));

        JsonNode request = read(kept);
        assertEquals("https://index.docker.io/v1/", request.get("ServerURL").asText());
        assertEquals("bob", request.get("Username").asText());
        assertEquals("tok en", request.get("Secret").asText());
        assertEquals(0, read(file).at("/auths/https:~1~1index.docker.io~1v1~1").size(), "an empty entry, as docker leaves");
        assertEquals("tok en", DockerConfig.load(file, List.of(bin)).credentialsFor("docker.io").orElseThrow().password());

        assertTrue(store.erase("https://index.docker.io/v1/"));
        assertEquals("https://index.docker.io/v1/", Files.readString(dir.resolve("erased")).strip());
        assertFalse(Files.exists(kept));
        assertTrue(read(file).get("auths").isEmpty());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
