package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buildx flags scripts pass to {@code docker build}, on builds that need no sandbox. */
class BuildxFlagsTest {

    @TempDir
    Path dir;

    private Path context(String dockerfile) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        Files.writeString(context.resolve("hello"), "hi\n");
        return context;
    }

    @Test
    void checkReportsWarningsWithTheirLinesAndExitsOne() throws Exception {
        Path ctx = context("FROM scratch AS Build\nCOPY hello /hello\nCMD echo hi\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--check", ctx.toString());
        assertEquals(ExitStatus.FAILED, run.status(), run.err());
        assertTrue(run.out().startsWith("Check complete, 2 warnings have been found!"), run.out());
        assertTrue(run.out().contains("WARNING: StageNameCasing"), run.out());
        assertTrue(run.out().contains("WARNING: JSONArgsRecommended"), run.out());
        assertTrue(run.out().contains("   3 | CMD echo hi"), run.out());
        assertFalse(Files.exists(dir.resolve("data/blobs")), "--check builds nothing");
    }

    @Test
    void checkOfACleanDockerfileExitsZero() throws Exception {
        Path ctx = context("FROM scratch\nCOPY hello /hello\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--call=check", ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("Check complete, no warnings found.\n", run.out());
    }

    @Test
    void aBuildEndsWithItsWarningsAndAcceptsAttestationFlags() throws Exception {
        Path ctx = context("FROM scratch\nCOPY hello /hello\nCMD echo hi\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--progress=plain",
                "--provenance=false", "--sbom=true", "--allow", "network.host", ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(run.err().contains(" 1 warning found (jbuild check shows the lines):\n"
                + " - JSONArgsRecommended: "), run.err());
        assertTrue(run.err().contains("(line 3)\n"), run.err());
        assertTrue(run.err().contains("WARNING: --sbom: jbuild attaches no SBOM attestation yet"), run.err());
        assertFalse(run.err().contains("--provenance"), run.err());
    }

    @Test
    void quietPrintsNoIdAfterAnArchiveOnStdout() throws Exception {
        Path ctx = context("FROM scratch\nCOPY hello /hello\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "-q", "-o",
                "type=local,dest=" + dir.resolve("files"), ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(run.out().matches("sha256:[0-9a-f]{64}\n"), run.out());
        assertEquals("hi\n", Files.readString(dir.resolve("files/hello")));
    }

    @Test
    void unknownCallsAndEntitlementsAreUsageErrors() throws Exception {
        Path ctx = context("FROM scratch\n");
        CommandRun call = CommandRun.of("build", "--call=lint", ctx.toString());
        assertEquals(ExitStatus.USAGE, call.status());
        assertTrue(call.err().contains("--call=lint: jbuild supports build and check"), call.err());
        CommandRun allow = CommandRun.of("build", "--allow", "device", ctx.toString());
        assertEquals(ExitStatus.USAGE, allow.status());
        assertTrue(allow.err().contains("--allow device: expected network.host or security.insecure"), allow.err());
    }
}
