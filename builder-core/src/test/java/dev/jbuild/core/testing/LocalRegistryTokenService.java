package dev.jbuild.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The token service of a token-authenticated test registry, behaving as Docker Hub's does:
 * anyone gets a pull-only token, the one user (by password, or by identity token through the
 * OAuth2 refresh-token grant) gets every action asked for. Tokens are JWTs signed with a
 * fresh RSA key whose self-signed certificate (made by the JDK's keytool) the registry
 * trusts through {@link #certificateBundle()}. Every token request is recorded.
 */
public final class LocalRegistryTokenService implements AutoCloseable {

    public static final String SERVICE = "jbuild-test-registry";
    public static final String ISSUER = "jbuild-test-issuer";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final PrivateKey key;
    private final Certificate certificate;
    private final Path bundle;
    private final String user;
    private final String password;
    private final String identityToken;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private LocalRegistryTokenService(Path directory, String user, String password, String identityToken)
            throws IOException, InterruptedException, GeneralSecurityException {
        this.user = user;
        this.password = password;
        this.identityToken = identityToken;
        Path keystore = directory.resolve("token-issuer.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Command.of(directory, keytool, "-genkeypair", "-alias", "issuer", "-keyalg", "RSA", "-keysize", "2048",
                "-sigalg", "SHA256withRSA", "-dname", "CN=" + ISSUER, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").run();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        this.key = (PrivateKey) store.getKey("issuer", "changeit".toCharArray());
        this.certificate = store.getCertificate("issuer");
        this.bundle = directory.resolve("token-issuer.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Starts the service for one user, who may also log in with {@code identityToken} (may be null). */
    public static LocalRegistryTokenService start(Path directory, String user, String password, String identityToken)
            throws IOException, InterruptedException {
        try {
            return new LocalRegistryTokenService(directory, user, password, identityToken);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not set up the token issuer key: " + e.getMessage(), e);
        }
    }

    /** The URL the registry names as {@code realm} in its challenges. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The PEM file with the certificate the registry must trust ({@code rootcertbundle}). */
    public Path certificateBundle() {
        return bundle;
    }

    /** One line per token request: who asked ({@code anonymous}, the user, {@code refresh-token}) and for which scopes. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestMethod().equals("POST")
                    ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    : exchange.getRequestURI().getRawQuery();
            List<String> scopes = new ArrayList<>();
            String grant = null;
            String refreshToken = null;
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "scope" -> scopes.addAll(List.of(value.split(" ")));
                    case "grant_type" -> grant = value;
                    case "refresh_token" -> refreshToken = value;
                    default -> { }
                }
            }
            String who;
            if ("refresh_token".equals(grant)) {
                if (identityToken == null || !identityToken.equals(refreshToken)) {
                    reply(exchange, 401, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                who = "refresh-token";
            } else {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization == null) {
                    who = "anonymous";
                } else {
                    String expected = "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                    if (!expected.equals(authorization)) {
                        reply(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                        return;
                    }
                    who = user;
                }
            }
            requests.add(exchange.getRequestMethod() + " " + who + " " + String.join(" ", scopes));
            String token = token(who.equals("anonymous") ? "" : who, scopes, !who.equals("anonymous"));
            reply(exchange, 200, "{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":300,"
                    + "\"issued_at\":\"" + Instant.now() + "\"}");
        } catch (RuntimeException | GeneralSecurityException e) {
            reply(exchange, 500, "{\"error\":\"" + e + "\"}");
        }
    }

    private String token(String subject, List<String> scopes, boolean everything) throws GeneralSecurityException {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            // repository:NAME:ACTIONS — the name itself may not contain ':' (ports are not part of it).
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
            ArrayNode actions = entry.putArray("actions");
            for (String action : parts[2].split(",")) {
                if (everything || action.equals("pull")) {
                    actions.add(action);
                }
            }
        }
        String signingInput = URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(signature.sign());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
