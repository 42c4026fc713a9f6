package dev.jbuild.core.registry;

import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A registry operation failed. The message says which image, which request and what the
 * registry answered, e.g. {@code 127.0.0.1:5000/app:1: GET http://…/v2/app/manifests/1: 401
 * UNAUTHORIZED: authentication required}; the parts are also available for callers that
 * react to them (a 404 while probing, a 401 to suggest a login).
 */
public final class RegistryException extends RuntimeException {

    private final String subject;
    private final String method;
    private final URI uri;
    private final int status;
    private final List<RegistryError> errors;

    private RegistryException(String message, String subject, String method, URI uri, int status,
            List<RegistryError> errors, Throwable cause) {
        super(message, cause);
        this.subject = subject;
        this.method = method;
        this.uri = uri;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /** The registry answered a request with an unexpected status. */
    static RegistryException response(String subject, String method, URI uri, int status, byte[] body, String hint) {
        List<RegistryError> errors = RegistryError.parse(body);
        String answer;
        if (!errors.isEmpty()) {
            answer = errors.stream().map(RegistryError::toString).collect(Collectors.joining("; "));
        } else {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
            answer = text.isEmpty() ? reasonPhrase(status) : abbreviate(text);
        }
        String message = prefix(subject) + method + " " + uri + ": " + status + " " + answer
                + (hint == null ? "" : " (" + hint + ")");
        return new RegistryException(message, subject, method, uri, status, errors, null);
    }

    /** A request could not be completed at all (connection refused, reset, timed out, a stalled body). */
    static RegistryException transport(String subject, String method, URI uri, Throwable cause) {
        boolean ours = cause instanceof TimedBody.Stalled || cause instanceof RetryingSender.Refused;
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : ours ? cause.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new RegistryException(prefix(subject) + method + " " + uri + ": " + why, subject, method, uri, 0,
                List.of(), cause);
    }

    /** The registry's host name does not resolve; not worth a retry. */
    static RegistryException unresolvable(String subject, String method, URI uri, UnknownHostException cause) {
        return new RegistryException(prefix(subject) + method + " " + uri + ": cannot resolve registry host "
                + uri.getHost(), subject, method, uri, 0, List.of(), cause);
    }

    /** The registry answered, but what it sent is wrong (bad digest, unparsable manifest, missing header). */
    static RegistryException content(String subject, String method, URI uri, String problem, Throwable cause) {
        return new RegistryException(prefix(subject) + method + " " + uri + ": " + problem, subject, method, uri, 0,
                List.of(), cause);
    }

    /** A failure before or beside any request, e.g. a credential helper that failed or a blob missing locally. */
    static RegistryException of(String subject, String problem, Throwable cause) {
        return new RegistryException(prefix(subject) + problem, subject, null, null, 0, List.of(), cause);
    }

    private static String prefix(String subject) {
        return subject == null ? "" : subject + ": ";
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "(no body)";
        };
    }

    /** The image or repository the operation was about, as shown in the message. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    public Optional<URI> uri() {
        return Optional.ofNullable(uri);
    }

    /** The HTTP status the registry answered with, or 0 if there was no answer to blame. */
    public int status() {
        return status;
    }

    /** The registry's error codes and messages, from its error body. */
    public List<RegistryError> errors() {
        return errors;
    }

    /** True if the registry named this error code, e.g. {@code BLOB_UNKNOWN}. */
    public boolean hasCode(String code) {
        return errors.stream().anyMatch(e -> e.code().equals(code));
    }
}
