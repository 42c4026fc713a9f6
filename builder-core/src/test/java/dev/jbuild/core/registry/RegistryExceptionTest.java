package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryExceptionTest {

    private static final URI URL = URI.create("https://registry.example/v2/app/manifests/1");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void quotesTheRegistrysErrorCodesAndMessages() {
        RegistryException e = RegistryException.response("registry.example/app:1", "GET", URL, 401,
                utf8("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}"),
                null);
        assertEquals("registry.example/app:1: GET https://registry.example/v2/app/manifests/1: 401 UNAUTHORIZED: "
                + "authentication required", e.getMessage());
        assertEquals(List.of(new RegistryError("UNAUTHORIZED", "authentication required")), e.errors());
        assertTrue(e.hasCode("UNAUTHORIZED"));
    }

    @Test
    void joinsSeveralErrorsAndAddsTheHint() {
        RegistryException e = RegistryException.response("r/a:1", "PUT", URL, 400, utf8("{\"errors\":["
                + "{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"},"
                + "{\"code\":\"MANIFEST_INVALID\",\"message\":\"\"}]}"), "check the layers");
        assertTrue(e.getMessage().endsWith(": 400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry; MANIFEST_INVALID "
                + "(check the layers)"), e.getMessage());
    }

    @Test
    void showsAPlainBodyShortenedOrTheReasonWhenThereIsNone() {
        String html = "<html>\n<body>Bad   gateway</body></html>";
        assertTrue(RegistryException.response(null, "GET", URL, 502, utf8(html), null).getMessage()
                .endsWith(": 502 <html> <body>Bad gateway</body></html>"));
        String longBody = "x".repeat(1000);
        assertEquals(URL.toString().length() + "GET ".length() + ": 500 ".length() + 300 + 1,
                RegistryException.response(null, "GET", URL, 500, utf8(longBody), null).getMessage().length());
        assertEquals("GET " + URL + ": 404 Not Found",
                RegistryException.response(null, "GET", URL, 404, new byte[0], null).getMessage());
    }
}
