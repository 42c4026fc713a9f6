package dev.jbuild.cache.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsTheOciForm() {
        Digest digest = Digest.parse("sha256:" + EMPTY_SHA256);
        assertEquals(DigestAlgorithm.SHA256, digest.algorithm());
        assertEquals(EMPTY_SHA256, digest.hex());
        assertEquals("sha256:" + EMPTY_SHA256, digest.toString());
    }

    @Test
    void computesSha256OfContent() {
        assertEquals("sha256:" + EMPTY_SHA256, Digest.sha256(new byte[0]).toString());
    }

    @Test
    void rejectsMalformedDigestsWithTheOffendingText() {
        for (String bad : List.of("", "sha256", ":abc", "sha256:abc", "md5:" + EMPTY_SHA256.substring(0, 32),
                "sha256:" + EMPTY_SHA256.toUpperCase(), "sha256:" + EMPTY_SHA256.substring(1) + "g",
                "sha512:" + EMPTY_SHA256)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse(bad), bad);
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }
    }

    @Test
    void serialisesAsAJsonString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Digest digest = Digest.parse("sha256:" + EMPTY_SHA256);
        String text = json.writeValueAsString(digest);
        assertEquals("\"sha256:" + EMPTY_SHA256 + "\"", text);
        assertEquals(digest, json.readValue(text, Digest.class));
    }

    @Test
    void streamsComputeTheSameDigestAsTheWholeContent() throws Exception {
        byte[] content = "hello, layers".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        out.write(content, 0, 10);
        out.write(content[10]);
        out.write(content, 11, content.length - 11);
        assertEquals(Digest.sha256(content), out.digest());
        assertEquals(content.length, out.size());

        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(content));
        in.read();
        in.skip(100);
        in.readAllBytes();
        assertEquals(Digest.sha256(content), in.digest());
        assertEquals(content.length, in.size());
    }
}
