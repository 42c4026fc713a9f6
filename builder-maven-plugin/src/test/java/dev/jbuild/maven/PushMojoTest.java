package dev.jbuild.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.registry.Credentials;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

class PushMojoTest {

    private static final String APP = "FROM scratch\nCOPY app.jar /app/app.jar\n";

    @TempDir
    Path dir;

    @Test
    void pushesEveryTagWithTheSettingsServerLogin() throws Exception {
        try (LocalRegistry registry = LocalRegistry.startWithBasicAuth(Files.createDirectories(dir.resolve("registry")),
                "ci", "pushpw")) {
            PushMojo mojo = MojoFixture.configure(new PushMojo(), dir.resolve("module"), APP);
            String ref = registry.address() + "/team/app:1";
            mojo.tags = List.of(ref, registry.address() + "/team/app:latest");
            mojo.settings = SettingsCredentialsTest.serverSettings(registry.address(), "ci",
                    new DefaultPlexusCipher().encryptAndDecorate("pushpw", "master"));
            mojo.decrypter = SettingsCredentialsTest.decrypter(dir, "master");
            mojo.execute();
            String digest = Files.readString(dir.resolve("module/target/jbuild-image.digest"));
            RegistryClient reader = RegistryClient.builder().dockerConfig(DockerConfig.none()
                    .withLogin(registry.address(), Credentials.basic("ci", "pushpw", "test"))).build();
            for (String tag : mojo.tags) {
                assertEquals(digest, reader.headManifest(ImageReference.parse(tag)).orElseThrow().digest().toString(), tag);
            }
        }
    }

    @Test
    void pushWithoutLoginFailsNamingTheRegistryAnswer() throws Exception {
        try (LocalRegistry registry = LocalRegistry.startWithBasicAuth(Files.createDirectories(dir.resolve("registry")),
                "ci", "pushpw")) {
            PushMojo mojo = MojoFixture.configure(new PushMojo(), dir.resolve("module"), APP);
            mojo.tags = List.of(registry.address() + "/team/app:1");
            MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
            assertTrue(e.getMessage().contains(registry.address()), e.getMessage());
        }
    }

    @Test
    void pushNeedsATagAndARegistryMavenMayReach() throws Exception {
        PushMojo untagged = MojoFixture.configure(new PushMojo(), dir, APP);
        assertTrue(assertThrows(MojoExecutionException.class, untagged::execute).getMessage().contains("<tags>"));
        PushMojo offline = MojoFixture.configure(new PushMojo(), dir, APP);
        offline.tags = List.of("127.0.0.1:1/app:1");
        offline.offline = true;
        assertTrue(assertThrows(MojoExecutionException.class, offline::execute).getMessage().contains("offline (-o)"));
    }
}
