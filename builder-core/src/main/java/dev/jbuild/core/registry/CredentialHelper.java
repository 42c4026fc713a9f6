package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.process.HostCommandException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Docker credential helper, {@code docker-credential-NAME}: a program that is given a
 * server URL on stdin for {@code get} (and prints {@code {"Username":…,"Secret":…}}) and
 * {@code erase}, and a whole login as JSON for {@code store}. A username of {@code <token>}
 * marks the secret as an identity token.
 */
final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Some helpers ask a desktop keyring, which may prompt the user; give them time.
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final List<Path> searchPath;
    private final Duration timeout;

    CredentialHelper(String name, List<Path> searchPath) {
        this(name, searchPath, DEFAULT_TIMEOUT);
    }

    CredentialHelper(String name, List<Path> searchPath, Duration timeout) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("invalid credential helper name '" + name + "'");
        }
        this.name = name;
        this.searchPath = List.copyOf(searchPath);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    String program() {
        return "docker-credential-" + name;
    }

    /** The helper's credentials for this server, or empty if it has none. */
    Optional<Credentials> get(String serverUrl) {
        Path executable = locate();
        HostCommand.Result result = run(executable, "get", serverUrl, serverUrl.getBytes(StandardCharsets.UTF_8));
        String out = result.stdoutText().strip();
        if (result.exitCode() != 0) {
            if (notFound(out)) {
                return Optional.empty();
            }
            throw failed("get", serverUrl, result);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(out);
        } catch (IOException e) {
            throw RegistryException.of(serverUrl, program() + " get printed something that is not JSON: " + e.getMessage(), e);
        }
        String username = answer.path("Username").asText("");
        String secret = answer.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        String source = program() + " (" + executable + ")";
        return Optional.of(username.equals("<token>") ? Credentials.identityToken(secret, source)
                : Credentials.basic(username, secret, source));
    }

    /** Hands the helper a login to keep: {@code {"ServerURL":…,"Username":…,"Secret":…}} on stdin. */
    void store(String serverUrl, Credentials credentials) {
        ObjectNode request = JSON.createObjectNode();
        request.put("ServerURL", serverUrl);
        request.put("Username", credentials.isIdentityToken() ? "<token>" : credentials.username());
        request.put("Secret", credentials.isIdentityToken() ? credentials.identityToken() : credentials.password());
        byte[] stdin;
        try {
            stdin = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a credential helper request as JSON", e);
        }
        HostCommand.Result result = run(locate(), "store", serverUrl, stdin);
        if (result.exitCode() != 0) {
            throw failed("store", serverUrl, result);
        }
    }

    /** Asks the helper to forget this server's login; returns false if it had none. */
    boolean erase(String serverUrl) {
        HostCommand.Result result = run(locate(), "erase", serverUrl, serverUrl.getBytes(StandardCharsets.UTF_8));
        if (result.exitCode() == 0) {
            return true;
        }
        if (notFound(result.stdoutText())) {
            return false;
        }
        throw failed("erase", serverUrl, result);
    }

    private HostCommand.Result run(Path executable, String action, String serverUrl, byte[] stdin) {
        try {
            return new HostCommand(List.of(executable.toString(), action), timeout).withStdin(stdin).run();
        } catch (HostCommandException e) {
            throw RegistryException.of(serverUrl, "credential helper " + program() + ": " + e.getMessage(), e);
        }
    }

    // The helper protocol reports a missing entry as this message on stdout.
    private static boolean notFound(String stdout) {
        return stdout.contains("credentials not found");
    }

    private RegistryException failed(String action, String serverUrl, HostCommand.Result result) {
        return RegistryException.of(serverUrl, program() + " " + action + " failed with exit status " + result.exitCode()
                + ": " + result.outputTail(), null);
    }

    private Path locate() {
        for (Path directory : searchPath) {
            Path candidate = directory.resolve(program());
            if (Files.isExecutable(candidate) && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw RegistryException.of(null, "credential helper " + program()
                + " is named in the Docker config but is not on the search path " + searchPath, null);
    }

}
