package dev.jbuild.core.registry;

import dev.jbuild.cache.digest.Digest;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends one blob into an upload session the registry opened: in a single PUT when it is
 * small, else in PATCH chunks with {@code Content-Range} and a closing PUT, as the
 * distribution spec describes. Registries that keep chunks in object storage need chunks
 * of several megabytes, hence a threshold rather than always chunking.
 */
final class BlobUpload {

    private static final String OCTET_STREAM = "application/octet-stream";

    private final RegistryTransport transport;
    private final String subject;
    private final String registry;
    private final List<String> scopes;
    private final long chunkedThreshold;
    private final long chunkSize;

    BlobUpload(RegistryTransport transport, String subject, String registry, List<String> scopes, long chunkedThreshold,
            long chunkSize) {
        this.transport = transport;
        this.subject = subject;
        this.registry = registry;
        this.scopes = List.copyOf(scopes);
        this.chunkedThreshold = chunkedThreshold;
        this.chunkSize = chunkSize;
    }

    /** Uploads {@code size} bytes of {@code file}, announced as {@code digest}, into the session at {@code location}. */
    void upload(URI location, Digest digest, Path file, long size) {
        if (size < chunkedThreshold) {
            send("PUT", withDigest(location, digest), () -> ofFile(file), Set.of(201));
            return;
        }
        URI next = location;
        for (long offset = 0; offset < size; offset += chunkSize) {
            FileSlice slice = new FileSlice(file, offset, Math.min(chunkSize, size - offset));
            HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject, registry, "PATCH",
                    next, Map.of("Content-Type", OCTET_STREAM,
                            "Content-Range", slice.offset() + "-" + (slice.offset() + slice.length() - 1)),
                    slice::publisher, scopes, Set.of(202), null));
            next = nextLocation(response, next);
            RetryingSender.discard(response);
        }
        send("PUT", withDigest(next, digest), HttpRequest.BodyPublishers::noBody, Set.of(201));
    }

    private void send(String method, URI uri, java.util.function.Supplier<HttpRequest.BodyPublisher> body,
            Set<Integer> expected) {
        HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject, registry, method, uri,
                Map.of("Content-Type", OCTET_STREAM), body, scopes, expected, null));
        RetryingSender.discard(response);
    }

    /** The registry may move the session with every chunk; the spec says to follow its Location. */
    static URI nextLocation(HttpResponse<?> response, URI current) {
        return response.headers().firstValue("Location").map(l -> response.request().uri().resolve(l)).orElse(current);
    }

    static URI withDigest(URI location, Digest digest) {
        String text = location.toString();
        return URI.create(text + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
    }

    private static HttpRequest.BodyPublisher ofFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("blob file " + file + " vanished during the upload", e);
        }
    }
}
