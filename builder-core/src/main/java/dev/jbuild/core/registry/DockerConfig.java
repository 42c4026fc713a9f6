package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry logins of a Docker client config ({@code ~/.docker/config.json}): inline
 * {@code auths}, per-registry {@code credHelpers} and the default {@code credsStore}, looked up
 * with the same precedence as the Docker CLI (helper for the registry, then the store, then
 * {@code auths}). A missing file means no logins, as for Docker.
 */
public final class DockerConfig {

    /** The key {@code docker login} uses for Docker Hub, and the URL its helpers expect. */
    static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Map<String, Credentials> auths;
    private final Map<String, String> helperServerUrls;
    private final Map<String, String> credHelpers;
    private final String credsStore;
    private final List<Path> helperSearchPath;
    private final Map<String, Credentials> logins;

    private DockerConfig(Path path, Map<String, Credentials> auths, Map<String, String> helperServerUrls,
            Map<String, String> credHelpers, String credsStore, List<Path> helperSearchPath) {
        this(path, auths, helperServerUrls, credHelpers, credsStore, helperSearchPath, Map.of());
    }

    private DockerConfig(Path path, Map<String, Credentials> auths, Map<String, String> helperServerUrls,
            Map<String, String> credHelpers, String credsStore, List<Path> helperSearchPath,
            Map<String, Credentials> logins) {
        this.logins = Map.copyOf(logins);
        this.path = path;
        this.auths = Map.copyOf(auths);
        this.helperServerUrls = Map.copyOf(helperServerUrls);
        this.credHelpers = Map.copyOf(credHelpers);
        this.credsStore = credsStore;
        this.helperSearchPath = List.copyOf(helperSearchPath);
    }

    /** No logins at all: every registry is accessed anonymously. */
    public static DockerConfig none() {
        return new DockerConfig(null, Map.of(), Map.of(), Map.of(), null, List.of());
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; helpers found on {@code PATH}. */
    public static DockerConfig loadDefault() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return load(base.resolve("config.json"));
    }

    /** This config file, with credential helpers found on {@code PATH}. */
    public static DockerConfig load(Path file) {
        List<Path> searchPath = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (!entry.isEmpty()) {
                searchPath.add(Path.of(entry));
            }
        }
        return load(file, searchPath);
    }

    /** This config file, with credential helpers looked up in these directories. */
    public static DockerConfig load(Path file, List<Path> helperSearchPath) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, Map.of(), Map.of(), Map.of(), null, helperSearchPath);
        } catch (IOException e) {
            throw RegistryException.of(null, "could not read Docker config " + file + ": " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(content);
        } catch (IOException e) {
            throw RegistryException.of(null, "Docker config " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw RegistryException.of(null, "Docker config " + file + " is not a JSON object", null);
        }
        Map<String, Credentials> auths = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.path("auths").properties()) {
            parseAuth(file, entry.getKey(), entry.getValue()).ifPresent(c -> auths.put(hostKey(entry.getKey()), c));
        }
        Map<String, String> credHelpers = new HashMap<>();
        Map<String, String> serverUrls = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.path("credHelpers").properties()) {
            credHelpers.put(hostKey(entry.getKey()), entry.getValue().asText());
            serverUrls.put(hostKey(entry.getKey()), entry.getKey());
        }
        String credsStore = tree.path("credsStore").asText("");
        return new DockerConfig(file, auths, serverUrls, credHelpers, credsStore.isEmpty() ? null : credsStore,
                helperSearchPath);
    }

    private static Optional<Credentials> parseAuth(Path file, String key, JsonNode entry) {
        String source = file + " (auths \"" + key + "\")";
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(identityToken, source));
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw RegistryException.of(null, "the \"auth\" of " + source + " is not base64", e);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw RegistryException.of(null, "the \"auth\" of " + source + " is not base64 of user:password", null);
            }
            return Optional.of(Credentials.basic(decoded.substring(0, colon), decoded.substring(colon + 1), source));
        }
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (!username.isEmpty() && !password.isEmpty()) {
            return Optional.of(Credentials.basic(username, password, source));
        }
        // An empty entry is what a credsStore leaves behind; the store has the secret.
        return Optional.empty();
    }

    /**
     * Config keys are written as {@code https://host/v1/}, {@code host:port} and so on; they
     * match a registry by host and port, with Docker Hub's several names as one.
     */
    static String hostKey(String key) {
        String host = key.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase(Locale.ROOT);
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
            default -> host;
        };
    }

    /**
     * This config with a login for {@code registry} that wins over the file's, as a build tool's
     * own settings (e.g. Maven's {@code settings.xml} servers) win over Docker's in Jib.
     */
    public DockerConfig withLogin(String registry, Credentials credentials) {
        Map<String, Credentials> more = new HashMap<>(logins);
        more.put(hostKey(registry), credentials);
        return new DockerConfig(path, auths, helperServerUrls, credHelpers, credsStore, helperSearchPath, more);
    }

    /** The login for this registry (as named in references, e.g. {@code docker.io}), if there is one. */
    public Optional<Credentials> credentialsFor(String registry) {
        String key = hostKey(registry);
        if (logins.containsKey(key)) {
            return Optional.of(logins.get(key));
        }
        String helper = credHelpers.getOrDefault(key, credsStore);
        if (helper != null) {
            String serverUrl = key.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_SERVER
                    : helperServerUrls.getOrDefault(key, key);
            Optional<Credentials> fromHelper = new CredentialHelper(helper, helperSearchPath).get(serverUrl);
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        return Optional.ofNullable(auths.get(key));
    }

    /** The file these logins were read from; empty for {@link #none()}. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    @Override
    public String toString() {
        return path == null ? "no Docker config" : path.toString();
    }
}
