package dev.jbuild.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What jbuild presents to a registry for one login: a username and password (or access
 * token used as a password), or an OAuth2 identity token as {@code docker login} stores for
 * some registries. {@code source} says where they came from, for error messages; secrets
 * never appear in {@link #toString()}.
 */
public record Credentials(String username, String password, String identityToken, String source) {

    public Credentials {
        Objects.requireNonNull(source, "source");
        boolean basic = username != null && password != null;
        if (basic == (identityToken != null)) {
            throw new IllegalArgumentException("credentials from " + source
                    + " need either a username and password or an identity token");
        }
    }

    public static Credentials basic(String username, String password, String source) {
        return new Credentials(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"),
                null, source);
    }

    public static Credentials identityToken(String token, String source) {
        return new Credentials(null, null, Objects.requireNonNull(token, "identity token"), source);
    }

    public boolean isIdentityToken() {
        return identityToken != null;
    }

    /** The {@code Authorization} header value for Basic authentication. */
    String basicAuthorization() {
        if (isIdentityToken()) {
            throw new IllegalStateException("an identity token from " + source + " cannot be sent as Basic credentials");
        }
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return (isIdentityToken() ? "identity token" : "user " + username) + " from " + source;
    }
}
