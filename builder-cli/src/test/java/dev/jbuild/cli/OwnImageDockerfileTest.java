package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.context.IgnorePatterns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of jbuild's own image without the Debian mirror its apt-get step needs
 * (scripts/build-image builds it; docs/ci.md): the Dockerfile is valid, and the context lets in
 * the distribution tarball and nothing else of the repository.
 */
class OwnImageDockerfileTest {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();

    @Test
    void ownImageDockerfilePassesCheckWithoutWarnings() {
        CommandRun check = CommandRun.of("check", REPO.resolve("Dockerfile").toString());
        assertEquals(0, check.status(), check.err());
        assertTrue(check.out().contains("valid (1 stage, ") && check.out().contains(" 0 warnings)"), check.out());
    }

    @Test
    void ownImageContextHoldsOnlyTheDistributionTarball() throws Exception {
        IgnorePatterns ignore = IgnorePatterns.parse(Files.readString(REPO.resolve(".dockerignore")));
        assertFalse(ignore.excludes("builder-cli/target/jbuild-1.2.3.tar.gz"));
        assertTrue(ignore.mayIncludeBelow("builder-cli/target"));
        assertTrue(ignore.excludes("builder-cli/target/jbuild.jar"));
        assertTrue(ignore.excludes("pom.xml"));
        assertTrue(ignore.excludes("builder-core"));
        assertTrue(ignore.excludes(".git"));
    }
}
