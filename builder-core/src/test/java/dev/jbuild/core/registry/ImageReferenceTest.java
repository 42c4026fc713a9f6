package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jbuild.cache.digest.Digest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            alpine                                  | docker.io/library/alpine:latest
            alpine:3.19                             | docker.io/library/alpine:3.19
            library/alpine                          | docker.io/library/alpine:latest
            user/app:1                              | docker.io/user/app:1
            docker.io/alpine                        | docker.io/library/alpine:latest
            docker.io/library/alpine:edge           | docker.io/library/alpine:edge
            index.docker.io/user/app                | docker.io/user/app:latest
            ghcr.io/org/team/app:v1.2.3             | ghcr.io/org/team/app:v1.2.3
            host:5000/ns/app                        | host:5000/ns/app:latest
            localhost/app                           | localhost/app:latest
            localhost:5000/app:dev                  | localhost:5000/app:dev
            127.0.0.1:5000/a/b/c:x_y.z-1            | 127.0.0.1:5000/a/b/c:x_y.z-1
            [::1]:5000/app                          | [::1]:5000/app:latest
            my-registry.example.com/app__name       | my-registry.example.com/app__name:latest
            Registry.Example.com/app                | Registry.Example.com/app:latest
            app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | docker.io/library/app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            host:5000/ns/app:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | host:5000/ns/app:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            """)
    void normalisesLikeDocker(String input, String normalised) {
        assertEquals(normalised, ImageReference.parse(input).toString());
    }

    @Test
    void splitsIntoRegistryRepositoryTagAndDigest() {
        ImageReference reference = ImageReference.parse("host:5000/ns/app:1@" + DIGEST);
        assertEquals("host:5000", reference.registry());
        assertEquals("ns/app", reference.repository());
        assertEquals(Optional.of("1"), reference.tag());
        assertEquals(Optional.of(Digest.parse(DIGEST)), reference.digest());
        assertEquals(DIGEST, reference.manifestReference());
        assertEquals("host:5000", reference.apiHost());
    }

    @Test
    void digestOnlyReferenceHasNoDefaultTag() {
        ImageReference reference = ImageReference.parse("alpine@" + DIGEST);
        assertEquals(Optional.empty(), reference.tag());
        assertEquals(DIGEST, reference.manifestReference());
    }

    @Test
    void dockerHubIsServedByRegistry1() {
        ImageReference reference = ImageReference.parse("alpine");
        assertEquals("docker.io", reference.registry());
        assertEquals("registry-1.docker.io", reference.apiHost());
        assertEquals("latest", reference.manifestReference());
    }

    @Test
    void equalReferencesParseFromDifferentSpellings() {
        assertEquals(ImageReference.parse("alpine"), ImageReference.parse("docker.io/library/alpine:latest"));
        assertEquals(ImageReference.parse("alpine").hashCode(), ImageReference.parse("index.docker.io/library/alpine").hashCode());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Foo                       | invalid reference "Foo": repository name must be lowercase
            docker.io/User/app        | invalid reference "docker.io/User/app": repository name must be lowercase
            ''                        | invalid reference "": reference is empty
            'app name'                | invalid reference "app name": reference contains whitespace or a control character
            app:                      | invalid reference "app:": invalid tag ""
            app:-x                    | invalid reference "app:-x": invalid tag "-x"
            host:5000/                | invalid reference "host:5000/": repository name is empty
            host:5000/app//x          | invalid reference "host:5000/app//x": invalid repository name component ""
            host:5000/-app            | invalid reference "host:5000/-app": invalid repository name component "-app"
            app@sha256:abc            | invalid reference "app@sha256:abc": invalid digest
            app@md5:aaaa              | invalid reference "app@md5:aaaa": invalid digest
            ho_st.com:5000/app        | invalid reference "ho_st.com:5000/app": invalid registry name "ho_st.com:5000"
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | a 64-character hexadecimal string is an image ID
            """)
    void rejectsInvalidReferencesWithTheReason(String input, String expectedStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(input));
        if (!e.getMessage().startsWith(expectedStart) && !e.getMessage().contains(expectedStart)) {
            throw new AssertionError("expected a message starting with <" + expectedStart + "> but was <" + e.getMessage() + ">");
        }
    }

    @Test
    void rejectsOverlongNames() {
        String name = "host/" + "a".repeat(251);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(name));
        assertEquals("invalid reference \"" + name + "\": repository name must not be more than 255 characters",
                e.getMessage());
    }

    @Test
    void byDigestDropsTheTagAndWithDigestKeepsIt() {
        ImageReference tagged = ImageReference.parse("host:5000/app:1");
        Digest digest = Digest.parse(DIGEST);
        assertEquals("host:5000/app@" + DIGEST, tagged.byDigest(digest).toString());
        assertEquals("host:5000/app:1@" + DIGEST, tagged.withDigest(digest).toString());
        assertEquals("host:5000/other:1", tagged.inRepository("other").toString());
    }
}
