package dev.jbuild.core.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CredentialHelperTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHelperThatHangsWithItsStdoutOpenTimesOut() throws Exception {
        Path script = dir.resolve("docker-credential-hung");
        // Reads the server, prints half an answer, then waits for a keyring that never answers.
        Files.writeString(script, "#!/bin/sh\nread -r server\nprintf '{\"Username\":'\nsleep 60\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        CredentialHelper helper = new CredentialHelper("hung", List.of(dir), Duration.ofSeconds(1));
        long start = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class, () -> helper.get("r.example"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 10_000, "took " + millis + " ms");
        assertTrue(e.getMessage().contains("docker-credential-hung") && e.getMessage().contains("within 1 s"),
                e.getMessage());
    }
}
