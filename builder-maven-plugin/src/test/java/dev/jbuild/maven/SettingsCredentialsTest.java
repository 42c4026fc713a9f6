package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.registry.Credentials;
import dev.jbuild.core.registry.DockerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

class SettingsCredentialsTest {

    @TempDir
    Path dir;

    /** Maven's own decrypter with a master password in settings-security.xml, as {@code mvn --encrypt-password} leaves it. */
    static SettingsDecrypter decrypter(Path dir, String master) throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        Path security = dir.resolve("settings-security.xml");
        Files.writeString(security, "<settingsSecurity><master>"
                + cipher.encryptAndDecorate(master, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION)
                + "</master></settingsSecurity>");
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), security.toString()));
    }

    static Settings serverSettings(String id, String user, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(user);
        server.setPassword(password);
        Settings settings = new Settings();
        settings.addServer(server);
        return settings;
    }

    @Test
    void encryptedServerPasswordIsDecryptedAndWinsOverDockersLogin() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"registry.example:5000\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("docker-user:docker-pw".getBytes()) + "\"}}}");
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("s3cret", "master-pw");
        DockerConfig logins = new SettingsCredentials(serverSettings("registry.example:5000", "maven-user", encrypted),
                decrypter(dir, "master-pw")).over(DockerConfig.load(config));
        Credentials found = logins.credentialsFor("registry.example:5000").orElseThrow();
        assertEquals("maven-user", found.username());
        assertEquals("s3cret", found.password());
        assertEquals("settings.xml <server> registry.example:5000", found.source());
    }

    @Test
    void registriesWithoutAServerKeepDockersLogin() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"other.example\":{\"username\":\"d\",\"password\":\"p\"}}}");
        DockerConfig logins = new SettingsCredentials(serverSettings("registry.example:5000", "u", "plain"),
                decrypter(dir, "master-pw")).over(DockerConfig.load(config));
        assertEquals("d", logins.credentialsFor("other.example").orElseThrow().username());
        assertEquals(Optional.empty(), logins.credentialsFor("third.example"));
    }

    @Test
    void undecryptablePasswordFailsNamingTheServers() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("s3cret", "another-master");
        SettingsCredentials credentials = new SettingsCredentials(serverSettings("registry.example", "u", encrypted),
                decrypter(dir, "master-pw"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> credentials.over(DockerConfig.none()));
        assertTrue(e.getMessage().contains("settings.xml <servers>"), e.getMessage());
    }

    @Test
    void aMavenRepositoryServerThatCannotBeDecryptedFailsNoImageBuild() throws Exception {
        String encrypted = new DefaultPlexusCipher().encryptAndDecorate("s3cret", "another-master");
        SettingsCredentials credentials = new SettingsCredentials(serverSettings("nexus-releases", "u", encrypted),
                decrypter(dir, "master-pw"));
        assertTrue(credentials.over(DockerConfig.none()).credentialsFor("registry.example").isEmpty());
        assertTrue(SettingsCredentials.namesARegistry("localhost") && SettingsCredentials.namesARegistry("reg:5000")
                && !SettingsCredentials.namesARegistry("central"));
    }
}
