package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInvocationTest {

    @TempDir
    Path dir;

    private Optional<BuildInvocation> read(Map<String, String> env, String... args) throws Exception {
        Files.createDirectories(dir.resolve("ctx"));
        return BuildInvocation.read(args, dir, env);
    }

    private Optional<BuildInvocation> read(String... args) throws Exception {
        return read(Map.of(), args);
    }

    @Test
    void aBuildWithNamesArgumentsAndProgressIsOneAMemoAnswers() throws Exception {
        BuildInvocation invocation = read("build", "-t", "app", "--tag=app:2", "--build-arg", "NOTE", "--build-arg=X=1",
                "--progress", "plain", "-f", "ctx/other.Dockerfile", "--iidfile", "id", "--cache-dir", "data", "ctx").orElseThrow();
        assertEquals(dir.resolve("ctx"), invocation.context());
        assertEquals(dir.resolve("ctx/other.Dockerfile"), invocation.dockerfile());
        assertEquals(dir.resolve("ctx/other.Dockerfile.dockerignore"), invocation.dockerfileIgnore());
        assertEquals(Optional.of(dir.resolve("id")), invocation.iidFile());
        assertEquals(Optional.of(dir.resolve("data")), invocation.cacheDir());
        assertEquals(Set.of("NOTE"), invocation.environmentArgs());
        assertFalse(invocation.quiet());
        assertTrue(read("build", "-q", "ctx").orElseThrow().quiet());
        assertEquals(dir.resolve("ctx/Dockerfile"), read("build", "ctx").orElseThrow().dockerfile());
    }

    @Test
    void flagsWhoseWorkAFullBuildRedoesAreNot() throws Exception {
        for (String flag : new String[] {"--no-cache", "--pull", "--push", "--load", "--explain-cache"}) {
            assertTrue(read("build", flag, "ctx").isEmpty(), flag);
        }
        for (String[] flag : new String[][] {{"-o", "out"}, {"--output", "type=local,dest=out"}, {"--cache-from", "type=local,src=c"},
            {"--cache-to", "type=local,dest=c"}, {"--secret", "id=a,src=f"}, {"--ssh", "default"}, {"--build-context", "a=ctx"},
            {"--metadata-file", "m.json"}, {"--no-cache-filter", "a"}}) {
            assertTrue(read("build", flag[0], flag[1], "ctx").isEmpty(), flag[0]);
        }
    }

    @Test
    void onePlatformIsAndSeveralAreNot() throws Exception {
        assertTrue(read("build", "--platform", "linux/arm64", "ctx").isPresent());
        assertTrue(read("build", "--platform=linux/amd64,linux/arm64", "ctx").isEmpty());
        assertTrue(read("build", "--platform", "linux/amd64", "--platform", "linux/arm64", "ctx").isEmpty());
    }

    @Test
    void remoteOrStdinInputsAndUnusualSpellingsAreNot() throws Exception {
        assertTrue(read("build", "-").isEmpty());
        assertTrue(read("build", "-f", "-", "ctx").isEmpty());
        assertTrue(read("build", "https://example.com/ctx.tar.gz").isEmpty());
        assertTrue(read("build", "git@github.com:a/b.git").isEmpty());
        assertTrue(read("build", "missing").isEmpty());
        assertTrue(read("build", "--progress=rawjson", "ctx").isEmpty());
        assertTrue(read(Map.of("BUILDKIT_PROGRESS", "rawjson"), "build", "ctx").isEmpty());
        assertTrue(read("build", "--progress", "plain", "--progress", "tty", "ctx").isEmpty(), "given twice");
        assertTrue(read("build", "-qt", "app", "ctx").isEmpty());
        assertTrue(read("build", "ctx", "ctx").isEmpty());
        assertTrue(read("build", "-t").isEmpty());
        assertTrue(read("images").isEmpty());
    }
}
