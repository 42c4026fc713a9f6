package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenRealmPolicyTest {

    private static final TokenRealmPolicy DEFAULT = new TokenRealmPolicy(Set.of());

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(textBlock = """
            docker.io,              https://auth.docker.io/token,                 true
            ghcr.io,                https://ghcr.io/token,                        true
            quay.io,                https://quay.io/v2/auth,                      true
            registry.gitlab.com,    https://gitlab.com/jwt/auth,                  true
            registry.example.com,   https://gitlab.example.com/jwt/auth,          true
            registry.example.com,   https://a.b.example.com/token,                true
            registry.example.com:5000, https://registry.example.com:5001/token,   true
            REGISTRY.Example.COM,   https://auth.example.com./token,              true
            registry.example.com,   https://example.org/token,                    false
            registry.example.com,   https://evil-example.com/token,               false
            registry.example.com,   https://com/token,                            false
            ghcr.io,                https://evil.io/token,                        false
            registry.foo.co.uk,     https://auth.foo.co.uk/token,                 true
            foo.co.uk,              https://evil.co.uk/token,                     false
            foo.com.au,             https://evil.com.au/token,                    false
            mine.azurecr.io,        https://theirs.azurecr.io/oauth2/token,       false
            mine.azurecr.io,        https://mine.azurecr.io/oauth2/token,         true
            127.0.0.1:5000,         http://127.0.0.1:5001/token,                  true
            127.0.0.1:5000,         http://127.0.0.2:5000/token,                  false
            10.1.2.3,               https://1.2.3/token,                          false
            """)
    void loginGoesOnlyToTheRegistrysHostOrDomain(String registry, String realm, boolean allowed) {
        assertEquals(allowed, DEFAULT.mayReceiveLogin(RegistryEndpoint.of(registry, Set.of()), URI.create(realm)));
    }

    @Test
    void explicitlyTrustedHostGetsTheLoginOfAnyRegistry() {
        TokenRealmPolicy trusting = new TokenRealmPolicy(Set.of(" Auth.Corp.Example ", ""));

        assertEquals(true, trusting.mayReceiveLogin(RegistryEndpoint.of("registry.lan", Set.of()),
                URI.create("https://auth.corp.example/token")));
        assertEquals(false, trusting.mayReceiveLogin(RegistryEndpoint.of("registry.lan", Set.of()),
                URI.create("https://other.corp.example/token")));
    }

    @Test
    void plainHttpRealmOfAnHttpsRegistryIsRefusedNamingBoth() {
        RegistryEndpoint https = RegistryEndpoint.of("registry.example.com", Set.of());

        RegistryException e = assertThrows(RegistryException.class, () -> DEFAULT.checkScheme("registry.example.com/app:1",
                https, URI.create("http://registry.example.com/token")));

        assertEquals("registry.example.com/app:1: the registry registry.example.com is on https but named the plain-http"
                + " token realm http://registry.example.com/token; refusing to fetch a token over http", e.getMessage());
    }

    @Test
    void realmThatIsNotHttpIsRefused() {
        RegistryEndpoint loopback = RegistryEndpoint.of("127.0.0.1:5000", Set.of());

        RegistryException e = assertThrows(RegistryException.class,
                () -> DEFAULT.checkScheme(null, loopback, URI.create("file:///etc/passwd")));

        assertEquals("the registry 127.0.0.1:5000 named the token realm file:///etc/passwd, which is not an http(s) URL;"
                + " refusing it", e.getMessage());
    }

    @Test
    void plainHttpRegistryMayUseAPlainOrHttpsRealm() {
        RegistryEndpoint loopback = RegistryEndpoint.of("127.0.0.1:5000", Set.of());

        assertDoesNotThrow(() -> DEFAULT.checkScheme(null, loopback, URI.create("http://127.0.0.1:5001/token")));
        assertDoesNotThrow(() -> DEFAULT.checkScheme(null, loopback, URI.create("https://auth.example.com/token")));
    }
}
