package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * server URL on stdin for {@code get} and prints {@code {"Username":…,"Secret":…}}. A
 * username of {@code <token>} marks the secret as an identity token.
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
        HostCommand command = new HostCommand(List.of(executable.toString(), "get"), timeout)
                .withStdin(serverUrl.getBytes(StandardCharsets.UTF_8));
        HostCommand.Result result;
        try {
            result = command.run();
        } catch (HostCommandException e) {
            throw RegistryException.of(serverUrl, "credential helper " + program() + ": " + e.getMessage(), e);
        }
        String out = result.stdoutText().strip();
        if (result.exitCode() != 0) {
            // The helper protocol reports a missing entry as this message on stdout.
            if (out.contains("credentials not found")) {
                return Optional.empty();
            }
            throw RegistryException.of(serverUrl, program() + " get failed with exit status " + result.exitCode()
                    + ": " + result.outputTail(), null);
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
