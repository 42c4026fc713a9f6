package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.golang.CsvFields;
import dev.jbuild.grammar.golang.GoStrconv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small value syntaxes BuildKit borrows from Docker, containerd and Go. */
class ValueSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"alpine", "alpine:3.19", "library/alpine", "ghcr.io/org/app:1.2", "localhost:5000/a/b",
        "registry.example.com:443/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "scratch", "a__b", "a-----b", "Registry.Example.com/app", "app:Latest", "[::1]:5000/app"})
    void validImageReferences(String reference) {
        assertTrue(ImageReferenceSyntax.isValid(reference), reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Alpine", "busybox:", "a/B", "-a", "a..b", "app:-tag", "app@sha256:short",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "a b"})
    void invalidImageReferences(String reference) {
        assertFalse(ImageReferenceSyntax.isValid(reference), reference);
    }

    @Test
    void imageNameIsAtMost255CharactersOnceNormalized() {
        // docker.io/library/ counts: 18 + 237 = 255
        assertTrue(ImageReferenceSyntax.isValid("a".repeat(237)));
        assertFalse(ImageReferenceSyntax.isValid("a".repeat(238)));
    }

    @Test
    void platformsAreNormalized() {
        assertEquals(new PlatformSpecifier("linux", "arm64", "v8"), PlatformSpecifier.parse("Linux/aarch64/v8"));
        assertEquals(new PlatformSpecifier("darwin", "amd64", ""), PlatformSpecifier.parse("macos/x86_64"));
        assertEquals("windows", PlatformSpecifier.parse("windows").os());
        assertEquals("linux", PlatformSpecifier.parse("arm64").os());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PlatformSpecifier.parse("linux/*"))
                .getMessage().contains("wildcards"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PlatformSpecifier.parse("a/b/c/d"))
                .getMessage().contains("cannot parse platform specifier"));
    }

    @Test
    void portsSplitIntoAddressHostPortContainerPortAndProtocol() {
        PortSpec full = PortSpec.parse("[::1]:8080:80/UDP");
        assertEquals(List.of("[::1]", "8080", "80", "UDP"),
                List.of(full.ip(), full.hostPort(), full.containerPort(), full.proto()));
        assertEquals("tcp", PortSpec.parse("80").proto());
        PortSpec.parse("8000-8010:80").validate();
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("8000-8010:80-81").validate());
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("/tcp"));
    }

    @Test
    void csvFieldsFollowGoEncodingCsv() {
        assertEquals(List.of("a", "b=c", ""), CsvFields.split("a,b=c,"));
        assertEquals(List.of("x,y", "say \"hi\""), CsvFields.split("\"x,y\",\"say \"\"hi\"\"\""));
        assertEquals(List.of(), CsvFields.split(""));
        assertThrows(IllegalArgumentException.class, () -> CsvFields.split("\"open"));
        assertThrows(IllegalArgumentException.class, () -> CsvFields.split("\"a\"b"));
    }

    @Test
    void goBooleansAndUnsignedNumbers() {
        assertEquals(Optional.of(true), GoStrconv.parseBool("T"));
        assertEquals(Optional.of(false), GoStrconv.parseBool("0"));
        assertEquals(Optional.empty(), GoStrconv.parseBool("yes"));
        assertEquals(0755, GoStrconv.parseUint32("0755", 8));
        assertEquals(4294967295L, GoStrconv.parseUint32("4294967295", 10));
        assertEquals(-1, GoStrconv.parseUint32("4294967296", 10));
        assertEquals(-1, GoStrconv.parseUint32("+1", 10));
        assertEquals(-1, GoStrconv.parseUint32("", 10));
    }

    @Test
    void sourceKindsAreToldApartLikeBuildkit() {
        assertEquals(SourceKind.HTTP, SourceKind.of("https://example.com/a.tar.gz"));
        assertEquals(SourceKind.GIT, SourceKind.of("https://github.com/o/r.git#main:dir"));
        assertEquals(SourceKind.GIT, SourceKind.of("git@github.com:o/r.git"));
        assertEquals(SourceKind.GIT, SourceKind.of("git://host/r"));
        assertEquals(SourceKind.GITHUB_SHORTHAND, SourceKind.of("github.com/o/r"));
        assertEquals(SourceKind.LOCAL, SourceKind.of("./src"));
        assertEquals(SourceKind.LOCAL, SourceKind.of("src/main"));
    }
}
