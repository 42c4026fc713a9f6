package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code auths}). A missing file means no logins, as for Docker. A config may fall back to
 * another, as Docker's falls back to the containers tools' {@code auth.json} (same format) in
 * {@link #loadDefault()}.
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
    private final DockerConfig fallback;

    private DockerConfig(Path path, Map<String, Credentials> auths, Map<String, String> helperServerUrls,
            Map<String, String> credHelpers, String credsStore, List<Path> helperSearchPath, DockerConfig fallback) {
        this.path = path;
        this.auths = Map.copyOf(auths);
        this.helperServerUrls = Map.copyOf(helperServerUrls);
        this.credHelpers = Map.copyOf(credHelpers);
        this.credsStore = credsStore;
        this.helperSearchPath = List.copyOf(helperSearchPath);
        this.fallback = fallback;
    }

    /** No logins at all: every registry is accessed anonymously. */
    public static DockerConfig none() {
        return new DockerConfig(null, Map.of(), Map.of(), Map.of(), null, List.of(), null);
    }

    /** Only this login, for this registry: what {@code jbuild login} checks before it saves it. */
    public static DockerConfig of(String registry, Credentials credentials) {
        return new DockerConfig(null, Map.of(hostKey(registry), credentials), Map.of(), Map.of(), null, List.of(), null);
    }

    /**
     * Docker's config, then the containers tools' files as {@link DockerConfigFiles} finds them
     * from the process's environment; credential helpers found on {@code PATH}.
     */
    public static DockerConfig loadDefault() {
        return load(DockerConfigFiles.fromEnvironment(System.getenv()), searchPath(System.getenv()));
    }

    /** These files, each falling back to the next, with credential helpers looked up in these directories. */
    public static DockerConfig load(DockerConfigFiles files, List<Path> helperSearchPath) {
        DockerConfig next = null;
        List<Path> containers = files.containersAuthFiles();
        for (int i = containers.size() - 1; i >= 0; i--) {
            next = read(containers.get(i), helperSearchPath, true, next);
        }
        return read(files.dockerConfig(), helperSearchPath, false, next);
    }

    /** This config file, with credential helpers found on {@code PATH}. */
    public static DockerConfig load(Path file) {
        return load(file, searchPath(System.getenv()));
    }

    /** This config file, with credential helpers looked up in these directories. */
    public static DockerConfig load(Path file, List<Path> helperSearchPath) {
        return read(file, helperSearchPath, false, null);
    }

    /** The directories of {@code PATH}, where credential helpers are looked for. */
    static List<Path> searchPath(Map<String, String> environment) {
        List<Path> searchPath = new ArrayList<>();
        for (String entry : environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (!entry.isEmpty()) {
                searchPath.add(Path.of(entry));
            }
        }
        return searchPath;
    }

    /** The config file's JSON object; empty if there is no file (an empty file is an empty object, as for docker). */
    static Optional<ObjectNode> readObject(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RegistryException.of(null, "could not read Docker config " + file + ": " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(content);
        } catch (IOException e) {
            throw RegistryException.of(null, "Docker config " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            return Optional.of(JSON.createObjectNode());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw RegistryException.of(null, "Docker config " + file + " is not a JSON object", null);
        }
        return Optional.of(object);
    }

    private static DockerConfig read(Path file, List<Path> helperSearchPath, boolean containersFile,
            DockerConfig fallback) {
        Optional<ObjectNode> object = readObject(file);
        if (object.isEmpty()) {
            return new DockerConfig(file, Map.of(), Map.of(), Map.of(), null, helperSearchPath, fallback);
        }
        JsonNode tree = object.get();
        Map<String, Credentials> auths = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.path("auths").properties()) {
            // auth.json may scope a login to a repository (quay.io/team/app); logins here are per registry.
            if (containersFile && entry.getKey().contains("/")) {
                continue;
            }
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
                helperSearchPath, fallback);
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
        return new DockerConfig(null, Map.of(hostKey(registry), credentials), Map.of(), Map.of(), null, List.of(), this);
    }

    /** The login for this registry (as named in references, e.g. {@code docker.io}), if there is one. */
    public Optional<Credentials> credentialsFor(String registry) {
        Optional<Credentials> own = ownCredentials(registry);
        if (own.isPresent() || fallback == null) {
            return own;
        }
        return fallback.credentialsFor(registry);
    }

    private Optional<Credentials> ownCredentials(String registry) {
        String key = hostKey(registry);
        Optional<CredentialHelper> helper = helperFor(key);
        if (helper.isPresent()) {
            Optional<Credentials> fromHelper = helper.get().get(helperServerUrl(key));
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        return Optional.ofNullable(auths.get(key));
    }

    /** The helper that keeps this registry's login: its {@code credHelpers} entry, else the {@code credsStore}. */
    Optional<CredentialHelper> helperFor(String registry) {
        String helper = credHelpers.getOrDefault(hostKey(registry), credsStore);
        return helper == null ? Optional.empty() : Optional.of(new CredentialHelper(helper, helperSearchPath));
    }

    /** The server URL a helper knows this registry by. */
    String helperServerUrl(String registry) {
        String key = hostKey(registry);
        return key.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_SERVER : helperServerUrls.getOrDefault(key, key);
    }

    /** The file these logins were read from; empty for {@link #none()}. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    @Override
    public String toString() {
        String own = path == null ? "no Docker config" : path.toString();
        return fallback == null ? own : own + ", then " + fallback;
    }
}
