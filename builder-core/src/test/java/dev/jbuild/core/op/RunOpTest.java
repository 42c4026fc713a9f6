package dev.jbuild.core.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jbuild.core.context.ChecksumMemo;
import dev.jbuild.core.context.FileChecksum;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.RunLimits;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.plan.CopySource;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.plan.RunMountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOpTest {

    private static final StageResults NO_STAGES = index -> {
        throw new AssertionError("no stage is read here: " + index);
    };

    @TempDir
    Path dir;

    @Test
    void keyChangesWithArgvEnvAndMountsAndNothingElse() throws Exception {
        Path secret = Files.writeString(dir.resolve("token"), "first");
        List<RunMountSpec> mounts = List.of(cache("/root/.m2"), secret("token"));
        Map<String, List<String>> base = fields(run(List.of("make"), List.of("A=1"), mounts), secret);

        assertEquals(base, fields(run(List.of("make"), List.of("A=1"), mounts), secret), "same definition, same key");
        Files.writeString(secret, "second");
        assertEquals(base, fields(run(List.of("make"), List.of("A=1"), mounts), secret), "a secret's content is no part of the key");
        assertNotEquals(base, fields(run(List.of("make", "all"), List.of("A=1"), mounts), secret), "argv");
        assertNotEquals(base, fields(run(List.of("make"), List.of("A=2"), mounts), secret), "env");
        assertNotEquals(base, fields(run(List.of("make"), List.of("A=1"), List.of(cache("/root/.gradle"), secret("token"))),
                secret), "mounts");
    }

    /** As BuildKit clears the exec op's ProxyEnv before its cache key, a changed proxy reruns nothing. */
    @Test
    void proxyVariablesAreNoPartOfTheKey() {
        List<RunMountSpec> none = List.of();
        Path secret = dir.resolve("none");
        Map<String, List<String>> without = fields(run(List.of("make"), List.of("A=1"), none), secret);
        Map<String, List<String>> with = fields(new FilesystemStep.Run(List.of("make"), List.of("A=1"), "/", "root",
                NetworkMode.DEFAULT, none, List.of("HTTP_PROXY=http://p", "http_proxy=http://p")), secret);
        assertEquals(without, with);
    }

    @Test
    void keyFieldsKeepTheirNamesAndOrderForStoredKeys() {
        Map<String, List<String>> fields = fields(run(List.of("/bin/sh", "-c", "make"), List.of("PATH=/bin"),
                List.of(cache("/cache"))), dir.resolve("none"));
        assertEquals(List.of("kind", "argv", "env", "workdir", "user", "network", "mounts"), List.copyOf(fields.keySet()));
        assertEquals(List.of("run"), fields.get("kind"));
        assertEquals(List.of("DEFAULT"), fields.get("network"));
        assertEquals(List.of("cache:/cache:rw:"), fields.get("mounts"));
    }

    @Test
    void foreignPlatformIsPartOfTheKeyAndTheHostsIsNot() {
        FilesystemStep.Run run = run(List.of("/bin/sh", "-c", "uname -m"), List.of(), List.of());
        Map<String, List<String>> host = fields(run, dir.resolve("none"), RunDefaults.NONE);
        Map<String, List<String>> arm = fields(run, dir.resolve("none"),
                new RunDefaults(NetworkMode.DEFAULT, List.of(), RunLimits.DEFAULT, "linux/arm64"));
        assertEquals(List.of("linux/arm64"), arm.get("platform"));
        assertFalse(host.containsKey("platform"));
        arm.remove("platform");
        assertEquals(host, arm);
    }

    private Map<String, List<String>> fields(FilesystemStep.Run run, Path secret) {
        return fields(run, secret, new RunDefaults(NetworkMode.NONE, List.of(), RunLimits.DEFAULT));
    }

    private Map<String, List<String>> fields(FilesystemStep.Run run, Path secret, RunDefaults defaults) {
        StepCopier copier = new StepCopier(null, Map.of(), null, null, new FileChecksum(ChecksumMemo.inMemory()), null,
                OwnerMapping.IDENTITY);
        OpFactory ops = new OpFactory(copier, null, () -> {
            throw new AssertionError("making a key starts no sandbox");
        }, dir.resolve("cache-mounts"), Map.of("token", secret), id -> Optional.empty(), defaults);
        return new LinkedHashMap<>(ops.of(run, NO_STAGES).keyFields());
    }

    private static FilesystemStep.Run run(List<String> argv, List<String> env, List<RunMountSpec> mounts) {
        return new FilesystemStep.Run(argv, env, "/", "root", NetworkMode.DEFAULT, mounts);
    }

    private static RunMountSpec cache(String target) {
        return new RunMountSpec(RunMountSpec.Type.CACHE, CopySource.Context.MAIN, "", target, false, 0, "", false,
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    private static RunMountSpec secret(String id) {
        return new RunMountSpec(RunMountSpec.Type.SECRET, CopySource.Context.MAIN, "", "", true, 0, id, true,
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }
}
