package dev.jbuild.core.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The HTTP conversation with registries: picks each registry's endpoint, authorises
 * requests (answering 401 challenges once per request), follows blob redirects without
 * leaking credentials to other hosts or down to plain HTTP, retries transient failures, and turns every
 * unexpected answer into a {@link RegistryException} with the registry's own error text.
 */
final class RegistryTransport {

    private static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "jbuild/0.1";

    private final RetryingSender sender;
    private final DockerConfig config;
    private final Set<String> insecureRegistries;
    private final TokenRealmPolicy realms;
    private final ConcurrentMap<String, RegistryEndpoint> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RegistryAuthorizer> authorizers = new ConcurrentHashMap<>();

    /**
     * One request: what it is about (for messages), where it goes, which answers are success,
     * and about how many body bytes the caller will read (which sets the body's deadline).
     */
    record Call(String subject, String registry, String method, URI uri, Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body, List<String> scopes, Set<Integer> expected, Duration timeout,
            long bodyBytes) {
        Call {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
            scopes = List.copyOf(scopes);
            expected = Set.copyOf(expected);
        }

        /** A call whose answer has a small body or none. */
        Call(String subject, String registry, String method, URI uri, Map<String, String> headers,
                Supplier<HttpRequest.BodyPublisher> body, List<String> scopes, Set<Integer> expected, Duration timeout) {
            this(subject, registry, method, uri, headers, body, scopes, expected, timeout, 0);
        }
    }

    RegistryTransport(HttpClient client, RetryPolicy policy, TransferLimits limits, DockerConfig config,
            Set<String> insecureRegistries, TokenRealmPolicy realms) {
        this.sender = new RetryingSender(client, policy, limits);
        this.config = config;
        this.insecureRegistries = Set.copyOf(insecureRegistries);
        this.realms = realms;
    }

    RegistryEndpoint endpoint(String registry) {
        return endpoints.computeIfAbsent(registry, r -> RegistryEndpoint.of(r, insecureRegistries));
    }

    /** Sends the call; returns the response if its status is one of the expected ones, else throws. */
    HttpResponse<InputStream> exchange(Call call) {
        RegistryEndpoint endpoint = endpoint(call.registry());
        RegistryAuthorizer authorizer = authorizers.computeIfAbsent(call.registry(),
                r -> new RegistryAuthorizer(endpoint, config, sender, realms));
        // Callers retry whole operations (a half-sent upload cannot be replayed), so one try here.
        RetryPolicy policy = RetryPolicy.none();
        URI target = call.uri();
        String authorization = endpoint.owns(target) ? authorizer.authorization(call.subject(), call.scopes()) : null;
        boolean answeredChallenge = false;
        for (int redirects = 0; ; ) {
            URI uri = target;
            String sent = authorization;
            HttpResponse<InputStream> response = sender.send(call.subject(), policy, () -> request(call, uri, sent),
                    call.bodyBytes());
            int status = response.statusCode();
            if (status == 401 && endpoint.owns(uri) && !answeredChallenge) {
                answeredChallenge = true;
                String next = authorizer.afterUnauthorized(call.subject(), response, call.scopes(), sent);
                if (next != null) {
                    RetryingSender.discard(response);
                    authorization = next;
                    continue;
                }
            }
            var location = response.headers().firstValue("Location");
            if (isRedirect(status) && location.isPresent() && !call.expected().contains(status)
                    && (call.method().equals("GET") || call.method().equals("HEAD")) && redirects < MAX_REDIRECTS) {
                RetryingSender.discard(response);
                redirects++;
                target = uri.resolve(location.get());
                // Blob redirects go to storage (S3, a CDN) that must not see the registry's credentials.
                authorization = endpoint.owns(target) ? authorization : null;
                continue;
            }
            if (call.expected().contains(status)) {
                return response;
            }
            byte[] body = RetryingSender.readErrorBody(response);
            String hint = status == 401 && endpoint.owns(uri) ? authorizer.hint(sent) : null;
            throw RegistryException.response(call.subject(), call.method(), uri, status, body, hint);
        }
    }

    private static HttpRequest request(Call call, URI uri, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().get())
                .header("User-Agent", USER_AGENT);
        if (call.timeout() != null) {
            builder.timeout(call.timeout());
        }
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // Plain-HTTP registries speak HTTP/1.1; skip the h2c upgrade dance.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        call.headers().forEach(builder::header);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
