package dev.jbuild.core.source.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.AtomicFile;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import dev.jbuild.cache.digest.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads ADD's URLs into a directory of the data directory, as BuildKit's HTTP source does:
 * every build asks the server again, so a changed file is noticed, but sends the ETag of the
 * last download in {@code If-None-Match}, so an unchanged one is not transferred twice. Content
 * is kept by digest ({@code content/sha256-HEX}, read-only); what is known of each URL (ETag,
 * digest, {@code Last-Modified}) is a small JSON record replaced atomically, so builds sharing
 * the directory see one download or the other, never half of one. With an expected checksum
 * whose content is already here, no request is made at all (the checksum is the identity).
 */
public final class UrlDownloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private HttpClient client;

    /** @param directory where content and URL records live; created when first needed */
    public UrlDownloads(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * The URL's current content, verified against {@code expected} when given.
     *
     * @throws RemoteSourceException naming the URL for a refused connection, an HTTP status that
     *     is not a success, or a checksum mismatch
     */
    public Download fetch(RemoteSource.Url source, Optional<Digest> expected) {
        try {
            return fetchOrThrow(source, expected);
        } catch (IOException e) {
            throw new RemoteSourceException("cannot download " + source.text() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteSourceException("download of " + source.text() + " interrupted", e);
        }
    }

    private Download fetchOrThrow(RemoteSource.Url source, Optional<Digest> expected)
            throws IOException, InterruptedException {
        Optional<UrlRecord> known = readRecord(source);
        if (expected.isPresent() && Files.exists(contentPath(expected.get()))) {
            Optional<Instant> lastModified = known.filter(r -> r.digest().equals(expected.get()))
                    .flatMap(UrlRecord::lastModified);
            return new Download(source, contentPath(expected.get()), expected.get(), lastModified);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(source.uri()).GET();
        known.flatMap(UrlRecord::etag).ifPresent(etag -> request.header("If-None-Match", etag));
        HttpResponse<InputStream> response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 304 && known.isPresent()) {
                UrlRecord record = known.get();
                verify(source, expected, record.digest());
                return new Download(source, contentPath(record.digest()), record.digest(), record.lastModified());
            }
            if (status < 200 || status > 299) {
                throw new RemoteSourceException("cannot download " + source.text() + ": the server answered HTTP status "
                        + status + (status == 404 ? " (not found)" : ""));
            }
            Optional<Instant> lastModified = response.headers().firstValue("Last-Modified")
                    .flatMap(UrlDownloads::httpDate);
            Digest digest = store(body, expected.map(Digest::algorithm).orElse(DigestAlgorithm.SHA256));
            verify(source, expected, digest);
            writeRecord(new UrlRecord(source.text(), response.headers().firstValue("ETag"), digest, lastModified));
            return new Download(source, contentPath(digest), digest, lastModified);
        }
    }

    private static void verify(RemoteSource.Url source, Optional<Digest> expected, Digest actual) {
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw new RemoteSourceException("checksum mismatch for " + source.text() + ": expected " + expected.get()
                    + ", got " + actual);
        }
    }

    private Digest store(InputStream body, DigestAlgorithm algorithm) throws IOException {
        Path temp = Files.createTempFile(Files.createDirectories(directory.resolve("tmp")), "download-", ".part");
        try {
            Digest digest;
            try (DigestingInputStream in = new DigestingInputStream(body, algorithm)) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                digest = in.digest();
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
            Path target = contentPath(digest);
            Files.createDirectories(target.getParent());
            // the same content downloaded by another build at once is the same bytes: either rename wins
            AtomicFile.replace(temp, target);
            return digest;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path contentPath(Digest digest) {
        return directory.resolve("content").resolve(digest.algorithm().ociName() + "-" + digest.hex());
    }

    private Path recordPath(String url) {
        return directory.resolve("urls").resolve(Digest.sha256(url.getBytes(StandardCharsets.UTF_8)).hex() + ".json");
    }

    /** What the last download of this URL left, if its content is still here. */
    private Optional<UrlRecord> readRecord(RemoteSource.Url source) {
        UrlRecord record;
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(recordPath(source.text())));
            if (!source.text().equals(node.path("url").asText())) {
                return Optional.empty();
            }
            record = new UrlRecord(source.text(), text(node, "etag"), Digest.parse(node.get("digest").asText()),
                    text(node, "lastModified").map(Instant::parse));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // never downloaded, or a damaged record: download again
        }
        return Files.exists(contentPath(record.digest())) ? Optional.of(record) : Optional.empty();
    }

    private void writeRecord(UrlRecord record) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("url", record.url());
        record.etag().ifPresent(etag -> node.put("etag", etag));
        node.put("digest", record.digest().toString());
        record.lastModified().ifPresent(time -> node.put("lastModified", time.toString()));
        AtomicFile.write(recordPath(record.url()), JSON.writeValueAsBytes(node));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    /** An HTTP date ({@code Sun, 06 Nov 1994 08:49:37 GMT}); one that does not parse is ignored, as BuildKit does. */
    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(CONNECT_TIMEOUT).proxy(EnvironmentProxies.fromEnvironment()).build();
        }
        return client;
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused or host unreachable" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** What is known of a URL's last download. */
    private record UrlRecord(String url, Optional<String> etag, Digest digest, Optional<Instant> lastModified) {
    }
}
