package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformMatcherTest {

    private static Descriptor entry(String platform) {
        return Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(platform.getBytes(StandardCharsets.UTF_8)), 1)
                .withPlatform(Platform.parse(platform));
    }

    private static final List<Descriptor> INDEX = List.of(
            entry("linux/amd64"), entry("linux/arm/v6"), entry("linux/arm/v7"), entry("linux/arm64/v8"),
            entry("windows/amd64"), entry("unknown/unknown"));

    private static Optional<String> pick(String wanted, List<Descriptor> index) {
        return new PlatformMatcher(Platform.parse(wanted)).select(index).map(d -> d.platform().toString());
    }

    @Test
    void picksTheExactPlatform() {
        assertEquals(Optional.of("linux/amd64"), pick("linux/amd64", INDEX));
        assertEquals(Optional.of("windows/amd64"), pick("windows/amd64", INDEX));
        assertEquals(Optional.of("linux/arm/v6"), pick("linux/arm/v6", INDEX));
    }

    @Test
    void arm64WithoutVariantMeansV8() {
        assertEquals(Optional.of("linux/arm64/v8"), pick("linux/arm64", INDEX));
        assertEquals(Optional.of("linux/arm64"), pick("linux/arm64/v8", List.of(entry("linux/arm64"))));
    }

    @Test
    void armWithoutVariantMeansV7AndFallsBackToOlderVariants() {
        assertEquals(Optional.of("linux/arm/v7"), pick("linux/arm", INDEX));
        assertEquals(Optional.of("linux/arm/v6"), pick("linux/arm/v7", List.of(entry("linux/arm/v6"), entry("linux/arm/v5"))));
        assertEquals(Optional.empty(), pick("linux/arm/v6", List.of(entry("linux/arm/v7"))));
    }

    @Test
    void architectureAliasesMatch() {
        assertEquals(Optional.of("linux/amd64"), pick("linux/x86_64", INDEX));
        assertEquals(Optional.of("linux/arm64/v8"), pick("linux/aarch64", INDEX));
    }

    @Test
    void nothingForAnAbsentPlatformAndNeverAnAttestation() {
        assertEquals(Optional.empty(), pick("linux/s390x", INDEX));
        assertFalse(new PlatformMatcher(Platform.parse("linux/amd64")).matches(Platform.parse("unknown/unknown")));
    }

    @Test
    void hostPlatformIsLinuxOnTheJvmArchitecture() {
        Platform host = PlatformMatcher.host();
        assertEquals("linux", host.os());
        String arch = System.getProperty("os.arch");
        assertTrue(host.architecture().equals(arch.equals("aarch64") ? "arm64" : arch.equals("x86_64") ? "amd64" : arch),
                () -> "host " + host + " for os.arch " + arch);
    }
}
