package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code Authorization} to send to one registry. It learns the registry's scheme from
 * its first 401 challenge and from then on authorises requests up front: Basic with the
 * login from the Docker config, or Bearer with a token from the challenge's realm — fetched
 * with the login, or anonymously as Docker Hub allows for public pulls — cached per scope
 * until shortly before it expires. The login goes only to realms the {@link TokenRealmPolicy}
 * allows; any other realm is asked anonymously.
 */
final class RegistryAuthorizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    // The token spec's floor for expires_in, and a margin so a token does not expire in flight.
    private static final Duration MIN_TOKEN_LIFETIME = Duration.ofSeconds(60);
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    private final RegistryEndpoint endpoint;
    private final DockerConfig config;
    private final RetryingSender sender;
    private final TokenRealmPolicy realms;
    private volatile String withheldFrom;
    private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile AuthChallenge challenge;
    private volatile Optional<Credentials> credentials;

    private record Token(String value, Instant expires) {
        boolean fresh() {
            return Instant.now().isBefore(expires.minus(EXPIRY_MARGIN));
        }
    }

    RegistryAuthorizer(RegistryEndpoint endpoint, DockerConfig config, RetryingSender sender, TokenRealmPolicy realms) {
        this.endpoint = endpoint;
        this.config = config;
        this.sender = sender;
        this.realms = realms;
    }

    /** The header to send before being asked, or null while the registry has not challenged us. */
    String authorization(String subject, List<String> scopes) {
        AuthChallenge known = challenge;
        if (known == null) {
            return null;
        }
        if (known.isBasic()) {
            return credentials().filter(c -> !c.isIdentityToken()).map(Credentials::basicAuthorization).orElse(null);
        }
        return "Bearer " + token(subject, known, scopes, false);
    }

    /**
     * Learns from a 401 and returns the header to retry with, or null if retrying cannot
     * help (no login, or the same header was just refused).
     */
    String afterUnauthorized(String subject, HttpResponse<?> response, List<String> scopes, String sent) {
        List<AuthChallenge> offered = AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
        AuthChallenge chosen = offered.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> offered.stream().filter(AuthChallenge::isBasic).findFirst()).orElse(null);
        if (chosen == null) {
            return null;
        }
        challenge = chosen;
        String header;
        if (chosen.isBasic()) {
            header = credentials().filter(c -> !c.isIdentityToken()).map(Credentials::basicAuthorization).orElse(null);
        } else {
            // The token we sent may have been revoked or lack a scope the challenge now names: fetch anew.
            header = "Bearer " + token(subject, chosen, scopes, sent != null);
        }
        return header == null || header.equals(sent) ? null : header;
    }

    /** What to add to a final 401's message so the user knows what to fix. */
    String hint(String sent) {
        Optional<Credentials> login = credentials();
        if (login.isEmpty()) {
            return "no credentials for " + endpoint.registry() + " in " + config + "; log in or add them there";
        }
        String withheld = withheldNote();
        if (withheld != null) {
            return withheld;
        }
        return sent == null ? null : "the registry refused " + login.get();
    }

    private String withheldNote() {
        String host = withheldFrom;
        if (host == null) {
            return null;
        }
        return "the login for " + endpoint.registry() + " was not sent to the token realm on " + host
                + ", which is neither the registry's host nor in its domain; if that host is the registry's own token"
                + " service, trust it with " + TokenRealmPolicy.ENVIRONMENT + "=" + host;
    }

    private Optional<Credentials> credentials() {
        Optional<Credentials> known = credentials;
        if (known == null) {
            // Looked up at the first challenge only: a credential helper is a process and may prompt.
            synchronized (this) {
                if (credentials == null) {
                    credentials = config.credentialsFor(endpoint.registry());
                }
                known = credentials;
            }
        }
        return known;
    }

    private String token(String subject, AuthChallenge bearer, List<String> scopes, boolean refresh) {
        TreeSet<String> wanted = new TreeSet<>(scopes);
        bearer.parameter("scope").ifPresent(s -> {
            for (String scope : s.split(" ")) {
                if (!scope.isEmpty()) {
                    wanted.add(scope);
                }
            }
        });
        String service = bearer.parameter("service").orElse("");
        String key = service + " " + String.join(" ", wanted);
        Token cached = tokens.get(key);
        if (cached != null && cached.fresh() && !refresh) {
            return cached.value();
        }
        // One fetch at a time, so parallel layer transfers that start together share a token.
        synchronized (tokens) {
            Token current = tokens.get(key);
            if (current != null && current.fresh() && current != cached) {
                return current.value();
            }
            Token fetched = fetchToken(subject, bearer, service, new ArrayList<>(wanted));
            tokens.put(key, fetched);
            return fetched.value();
        }
    }

    private Token fetchToken(String subject, AuthChallenge bearer, String service, List<String> scopes) {
        String realm = bearer.parameter("realm").orElseThrow(() -> RegistryException.of(subject,
                "the registry " + endpoint.registry() + " asked for a Bearer token but named no realm to get it from", null));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(subject, "the registry's token realm \"" + realm + "\" is not a URL", e);
        }
        realms.checkScheme(subject, endpoint, realmUri);
        Optional<Credentials> login = Optional.empty();
        if (realms.mayReceiveLogin(endpoint, realmUri)) {
            login = credentials();
        } else {
            withheldFrom = realmUri.getHost();
        }
        StringBuilder query = new StringBuilder();
        if (!service.isEmpty()) {
            query.append("service=").append(encode(service));
        }
        HttpResponse<InputStream> response;
        if (login.isPresent() && login.get().isIdentityToken()) {
            // OAuth2 refresh-token grant, what `docker login` set up instead of a password.
            query.append(query.length() == 0 ? "" : "&").append("grant_type=refresh_token&client_id=jbuild&refresh_token=")
                    .append(encode(login.get().identityToken()));
            if (!scopes.isEmpty()) {
                query.append("&scope=").append(encode(String.join(" ", scopes)));
            }
            String form = query.toString();
            response = sender.send(subject, () -> HttpRequest.newBuilder(realmUri)
                    .timeout(Duration.ofMinutes(1))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        } else {
            for (String scope : scopes) {
                query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
            }
            URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
            Optional<Credentials> basic = login;
            response = sender.send(subject, () -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).GET();
                basic.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
                return request.build();
            });
        }
        URI shown = response.request().uri();
        String method = response.request().method();
        if (response.statusCode() != 200) {
            byte[] body = RetryingSender.readErrorBody(response);
            throw RegistryException.response(subject, method, withoutQuery(shown), response.statusCode(), body,
                    login.map(c -> "the token service refused " + c).orElseGet(this::anonymousRefusal));
        }
        JsonNode answer;
        try (InputStream body = response.body()) {
            answer = JSON.readTree(body.readNBytes(1 << 20));
        } catch (IOException e) {
            throw RegistryException.content(subject, method, withoutQuery(shown), "token response is not JSON: "
                    + e.getMessage(), e);
        }
        // Docker's token spec says "token"; OAuth2 services say "access_token"; some send both.
        String value = answer.path("token").asText("");
        if (value.isEmpty()) {
            value = answer.path("access_token").asText("");
        }
        if (value.isEmpty()) {
            throw RegistryException.content(subject, method, withoutQuery(shown), "token response has no token", null);
        }
        Duration lifetime = Duration.ofSeconds(Math.max(answer.path("expires_in").asLong(0), MIN_TOKEN_LIFETIME.getSeconds()));
        return new Token(value, Instant.now().plus(lifetime));
    }

    private String anonymousRefusal() {
        String withheld = withheldFrom == null || credentials().isEmpty() ? null : withheldNote();
        return "anonymous token request refused" + (withheld == null ? "" : "; " + withheld);
    }

    // The query may carry a refresh token; error messages show the realm only.
    private static URI withoutQuery(URI uri) {
        String text = uri.toString();
        int q = text.indexOf('?');
        return q < 0 ? uri : URI.create(text.substring(0, q));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
