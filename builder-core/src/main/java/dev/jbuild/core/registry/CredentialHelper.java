package dev.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Docker credential helper, {@code docker-credential-NAME}: a program that is given a
 * server URL on stdin for {@code get} and prints {@code {"Username":…,"Secret":…}}. A
 * username of {@code <token>} marks the secret as an identity token.
 */
final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Some helpers ask a desktop keyring, which may prompt the user; give them time.
    private static final long TIMEOUT_SECONDS = 120;

    private final String name;
    private final List<Path> searchPath;

    CredentialHelper(String name, List<Path> searchPath) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("invalid credential helper name '" + name + "'");
        }
        this.name = name;
        this.searchPath = List.copyOf(searchPath);
    }

    String program() {
        return "docker-credential-" + name;
    }

    /** The helper's credentials for this server, or empty if it has none. */
    Optional<Credentials> get(String serverUrl) {
        Path executable = locate();
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "get").start();
        } catch (IOException e) {
            throw RegistryException.of(serverUrl, "could not run credential helper " + executable + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A helper that exits without reading stdin reports its own error below.
            }
            byte[] stdout = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw RegistryException.of(serverUrl, program() + " get did not finish in " + TIMEOUT_SECONDS + " s", null);
            }
            String out = new String(stdout, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                // The helper protocol reports a missing entry as this message on stdout.
                if (out.contains("credentials not found")) {
                    return Optional.empty();
                }
                String err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
                throw RegistryException.of(serverUrl, program() + " get failed with exit status " + process.exitValue()
                        + ": " + (out + " " + err).strip(), null);
            }
            JsonNode answer = JSON.readTree(out);
            String username = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            String source = program() + " (" + executable + ")";
            return Optional.of(username.equals("<token>") ? Credentials.identityToken(secret, source)
                    : Credentials.basic(username, secret, source));
        } catch (IOException e) {
            throw RegistryException.of(serverUrl, program() + " get printed something that is not JSON: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw RegistryException.of(serverUrl, "interrupted while waiting for " + program(), e);
        }
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

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
