package dev.jbuild.core.source.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciLayoutReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void tagAndDigestFollowThePathAndAColonInAParentIsPartOfThePath() {
        OciLayoutReference tagged = OciLayoutReference.parse("oci-layout:///srv/layouts/app:v1");
        assertEquals(Path.of("/srv/layouts/app"), tagged.directory());
        assertEquals(Optional.of("v1"), tagged.tag());
        assertEquals(Optional.empty(), tagged.digest());

        OciLayoutReference both = OciLayoutReference.parse("oci-layout:///a:b/app:v2@" + DIGEST);
        assertEquals(Path.of("/a:b/app"), both.directory());
        assertEquals(Optional.of("v2"), both.tag());
        assertEquals(Optional.of(Digest.parse(DIGEST)), both.digest());
        assertEquals("oci-layout:///a:b/app:v2@" + DIGEST, both.toString());

        OciLayoutReference plain = OciLayoutReference.parse("oci-layout:///a:b/app");
        assertEquals(Path.of("/a:b/app"), plain.directory());
        assertEquals(Optional.empty(), plain.tag());
    }

    @Test
    void aRelativePathIsTakenFromTheWorkingDirectory() {
        OciLayoutReference relative = OciLayoutReference.parse("oci-layout://out/layout@" + DIGEST);
        assertEquals(Path.of("out/layout").toAbsolutePath().normalize(), relative.directory());
        assertTrue(relative.directory().isAbsolute());
    }

    @Test
    void emptyPartsAndBadDigestsAreRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("oci-layout://:v1"))
                .getMessage().contains("no directory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("oci-layout:///x:"))
                .getMessage().contains("tag after ':' is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("oci-layout:///x@v1"))
                .getMessage().contains("is not a digest"));
        assertFalse(OciLayoutReference.matches("docker-image://busybox"));
    }
}
