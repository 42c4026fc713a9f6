package dev.jbuild.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends one HTTP request, again and again per the {@link RetryPolicy} while the failure looks
 * transient. The request is rebuilt for every try, so bodies are reopened from their source
 * rather than replayed from memory. Every body is read through a {@link TimedBody} under the
 * {@link TransferLimits}. A host name that does not resolve fails at once, without retries.
 */
final class RetryingSender {

    /** Nothing listens at the registry's address (or a firewall said so). */
    static final class Refused extends ConnectException {
        Refused(String message, IOException cause) {
            super(message);
            initCause(cause);
        }
    }

    private final HttpClient client;
    private final RetryPolicy policy;
    private final TransferLimits limits;

    RetryingSender(HttpClient client, RetryPolicy policy, TransferLimits limits) {
        this.client = client;
        this.policy = policy;
        this.limits = limits;
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
        return send(subject, policy, requests, 0);
    }

    /** As {@link #send(String, RetryPolicy, Supplier)}, for a body of about {@code expectedBytes}, which sets its deadline. */
    HttpResponse<InputStream> send(String subject, RetryPolicy policy, Supplier<HttpRequest> requests,
            long expectedBytes) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest request;
            try {
                request = requests.get();
            } catch (java.io.UncheckedIOException e) {
                throw RegistryException.of(subject, e.getMessage(), e.getCause());
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request,
                        info -> new TimedBody(limits.idleTimeout(), limits.deadlineFor(expectedBytes)));
            } catch (IOException e) {
                if (isUnresolved(e)) {
                    UnknownHostException unknown = new UnknownHostException(request.uri().getHost());
                    unknown.initCause(e);
                    throw RegistryException.unresolvable(subject, request.method(), request.uri(), unknown);
                }
                if (attempt >= policy.maxAttempts()) {
                    throw RegistryException.transport(subject, request.method(), request.uri(),
                            explained(e, request.uri(), attempt));
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

    /** True if the failure may pass if the whole operation is tried again; a name that does not resolve will not. */
    static boolean isTransient(RegistryException e, RetryPolicy policy) {
        if (e.status() != 0) {
            return policy.isRetryableStatus(e.status());
        }
        return e.getCause() instanceof IOException && !(e.getCause() instanceof UnknownHostException);
    }

    // The JDK reports an unknown host as a ConnectException caused by UnresolvedAddressException.
    private static boolean isUnresolved(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    // JDK 17 says "Connection refused" in some paths and, for plain HTTP, only a bare ConnectException
    // over a ClosedChannelException, with no message anywhere; both mean nothing accepted the connection.
    private static boolean isRefused(Throwable failure) {
        if (!(failure instanceof ConnectException)) {
            return false;
        }
        boolean silent = true;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                if (t instanceof ConnectException && t.getMessage().contains("Connection refused")) {
                    return true;
                }
                silent = false;
            }
        }
        return silent;
    }

    /** The failure, said plainly where the JDK's message is empty or vague. */
    private static IOException explained(IOException e, URI uri, int attempts) {
        String tries = attempts > 1 ? " (after " + attempts + " tries)" : "";
        if (isRefused(e)) {
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return new Refused("connection refused by " + uri.getHost() + ":" + port + tries, e);
        }
        return attempts > 1 ? new IOException(e.getMessage() + tries, e) : e;
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
