package dev.jbuild.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends one HTTP request, again and again per the {@link RetryPolicy} while the failure looks
 * transient. The request is rebuilt for every try, so bodies are reopened from their source
 * rather than replayed from memory.
 */
final class RetryingSender {

    private final HttpClient client;
    private final RetryPolicy policy;

    RetryingSender(HttpClient client, RetryPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /**
     * The final response, whatever its status (after the last try a 503 is returned, for
     * the caller to report); a request that never got an answer becomes a {@link RegistryException}.
     */
    HttpResponse<InputStream> send(String subject, Supplier<HttpRequest> requests) {
        return send(subject, policy, requests);
    }

    /** As {@link #send(String, Supplier)}, under another policy (e.g. {@link RetryPolicy#none()}). */
    HttpResponse<InputStream> send(String subject, RetryPolicy policy, Supplier<HttpRequest> requests) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest request;
            try {
                request = requests.get();
            } catch (java.io.UncheckedIOException e) {
                throw RegistryException.of(subject, e.getMessage(), e.getCause());
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (attempt >= policy.maxAttempts()) {
                    throw RegistryException.transport(subject, request.method(), request.uri(),
                            attempt > 1 ? new IOException(e.getMessage() + " (after " + attempt + " tries)", e) : e);
                }
                pause(subject, request, policy.backoff(attempt, null));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.transport(subject, request.method(), request.uri(), e);
            }
            if (attempt < policy.maxAttempts() && policy.isRetryableStatus(response.statusCode())) {
                discard(response);
                pause(subject, request, policy.backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)));
                continue;
            }
            return response;
        }
    }

    /** True if the failure may pass if the whole operation is tried again. */
    static boolean isTransient(RegistryException e, RetryPolicy policy) {
        return e.status() == 0 ? e.getCause() instanceof IOException : policy.isRetryableStatus(e.status());
    }

    /** Waits before another try of a whole operation. */
    static void pause(String subject, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.of(subject, "interrupted while waiting to retry", e);
        }
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            // Drain a little so a keep-alive connection can be reused; give up on large bodies.
            body.readNBytes(64 * 1024);
        } catch (IOException e) {
            // The connection is dropped instead; nothing to report.
        }
    }

    static byte[] readErrorBody(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return body.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void pause(String subject, HttpRequest request, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.transport(subject, request.method(), request.uri(), e);
        }
    }
}
