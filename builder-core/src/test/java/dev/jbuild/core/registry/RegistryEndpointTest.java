package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryEndpointTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            127.0.0.1:5000,        http://127.0.0.1:5000/v2/
            127.1.2.3,             http://127.1.2.3/v2/
            localhost:5000,        http://localhost:5000/v2/
            [::1]:5000,            http://[::1]:5000/v2/
            ghcr.io,               https://ghcr.io/v2/
            10.0.0.5:5000,         https://10.0.0.5:5000/v2/
            localhost.example.com, https://localhost.example.com/v2/
            127.0.0.1.nip.io,      https://127.0.0.1.nip.io/v2/
            docker.io,             https://registry-1.docker.io/v2/
            """)
    void plainHttpOnlyForLoopbackAddressesByName(String registry, String ping) {
        assertEquals(URI.create(ping), RegistryEndpoint.of(registry, Set.of()).uri("/v2/"));
    }

    @Test
    void registriesNamedInsecureUsePlainHttp() {
        assertEquals(URI.create("http://registry.lan:5000/v2/"),
                RegistryEndpoint.of("registry.lan:5000", Set.of("registry.lan:5000")).uri("/v2/"));
        assertEquals(URI.create("https://registry.lan:5001/v2/"),
                RegistryEndpoint.of("registry.lan:5001", Set.of("registry.lan:5000")).uri("/v2/"));
    }

    @Test
    void credentialsStayWithTheRegistrysOwnAuthority() {
        RegistryEndpoint endpoint = RegistryEndpoint.of("ghcr.io", Set.of());
        assertEquals(true, endpoint.owns(URI.create("https://ghcr.io/v2/x/blobs/sha256:1")));
        assertEquals(false, endpoint.owns(URI.create("https://pkg-containers.githubusercontent.com/blob")));
        assertEquals(false, endpoint.owns(URI.create("http://ghcr.io/v2/")));
    }
}
