package dev.jbuild.core.registry;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.cache.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saves and forgets logins in a Docker config file as {@code docker login}/{@code logout} do:
 * through the {@code credHelpers}/{@code credsStore} helper the file names for the registry
 * (leaving the empty {@code auths} entry docker leaves), else as base64 {@code user:password}
 * in {@code auths}. Every other key of the file is kept; the file is replaced atomically and
 * readable by its owner only ({@code 0600}), as it holds secrets.
 */
public final class LoginStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<Path> helperSearchPath;

    public LoginStore(Path file, List<Path> helperSearchPath) {
        this.file = file;
        this.helperSearchPath = List.copyOf(helperSearchPath);
    }

    /** A store for {@code $DOCKER_CONFIG/config.json} (else {@code ~/.docker/config.json}), helpers on {@code PATH}. */
    public static LoginStore fromEnvironment(Map<String, String> environment) {
        return new LoginStore(DockerConfigFiles.dockerConfig(environment), DockerConfig.searchPath(environment));
    }

    public Path file() {
        return file;
    }

    /**
     * The key docker files a login under: {@code https://index.docker.io/v1/} for Docker Hub
     * (also when no registry is given), else the registry's {@code host[:port]}.
     */
    public static String serverKey(String registry) {
        if (registry == null || registry.isBlank()) {
            return DockerConfig.DOCKER_HUB_SERVER;
        }
        String host = DockerConfig.hostKey(registry);
        return host.equals(ImageReference.DOCKER_HUB) ? DockerConfig.DOCKER_HUB_SERVER : host;
    }

    /**
     * Saves this login for the server (a {@link #serverKey} key).
     *
     * @return whether a credential helper keeps it; if not, it is in the file in plain base64
     */
    public boolean store(String server, Credentials credentials) {
        ObjectNode config = read();
        Optional<CredentialHelper> helper = DockerConfig.load(file, helperSearchPath).helperFor(server);
        ObjectNode entry = JSON.createObjectNode();
        if (helper.isPresent()) {
            helper.get().store(server, credentials);
        } else if (credentials.isIdentityToken()) {
            entry.put("identitytoken", credentials.identityToken());
        } else {
            String pair = credentials.username() + ":" + credentials.password();
            entry.put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        ObjectNode auths = auths(config);
        removeEntries(auths, server);
        auths.set(server, entry);
        write(config);
        return helper.isPresent();
    }

    /** Forgets every login for this server, in the file and in its helper; returns whether there was one. */
    public boolean erase(String server) {
        ObjectNode config = read();
        boolean removed = false;
        Optional<CredentialHelper> helper = DockerConfig.load(file, helperSearchPath).helperFor(server);
        if (helper.isPresent()) {
            removed = helper.get().erase(server);
        }
        if (removeEntries(auths(config), server)) {
            removed = true;
            write(config);
        }
        return removed;
    }

    // Docker files one login under several spellings (https://host, host/v1/ …): all of them go.
    private static boolean removeEntries(ObjectNode auths, String server) {
        String host = DockerConfig.hostKey(server);
        List<String> matching = new ArrayList<>();
        auths.fieldNames().forEachRemaining(key -> {
            if (DockerConfig.hostKey(key).equals(host)) {
                matching.add(key);
            }
        });
        matching.forEach(auths::remove);
        return !matching.isEmpty();
    }

    private static ObjectNode auths(ObjectNode config) {
        JsonNode auths = config.get("auths");
        if (auths instanceof ObjectNode object) {
            return object;
        }
        return config.putObject("auths");
    }

    private ObjectNode read() {
        return DockerConfig.readObject(file).orElseGet(JSON::createObjectNode);
    }

    private void write(ObjectNode config) {
        // Tab-indented, as docker writes it, so a diff after `jbuild login` shows only the login.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                .withArrayIndenter(new DefaultIndenter("\t", "\n"));
        try {
            byte[] content = JSON.writer(printer).writeValueAsBytes(config);
            // AtomicFile's temporary file is created 0600, and the rename keeps that.
            AtomicFile.write(file, content);
        } catch (IOException e) {
            throw RegistryException.of(null, "could not write Docker config " + file + ": " + e.getMessage(), e);
        }
    }
}
