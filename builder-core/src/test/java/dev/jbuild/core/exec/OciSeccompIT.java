package dev.jbuild.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.core.testing.BusyboxRootfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The profile as OCI {@code linux.seccomp}: its shape, and runc applying it to a real container. */
class OciSeccompIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> syscalls(Map<String, Object> seccomp) {
        return (List<Map<String, Object>>) seccomp.get("syscalls");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entryFor(Map<String, Object> seccomp, String name) {
        return syscalls(seccomp).stream().filter(e -> ((List<String>) e.get("names")).equals(List.of(name)))
                .findFirst().orElseThrow(() -> new AssertionError("no entry for " + name));
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    void theDefaultIsEpermForTheNativeArchitectureOnly(SyscallArch arch) {
        Map<String, Object> seccomp = OciSeccomp.of(SeccompProfile.docker(), arch);

        assertEquals("SCMP_ACT_ERRNO", seccomp.get("defaultAction"));
        assertEquals(1, seccomp.get("defaultErrnoRet"));
        assertEquals(List.of(arch.ociName()), seccomp.get("architectures"));
    }

    @ParameterizedTest
    @EnumSource(SyscallArch.class)
    @SuppressWarnings("unchecked")
    void allowedNamesAreTheArchitecturesAndLeaveOutMountAndKeyctl(SyscallArch arch) {
        Map<String, Object> allowed = syscalls(OciSeccomp.of(SeccompProfile.docker(), arch)).get(0);
        List<String> names = (List<String>) allowed.get("names");

        assertEquals("SCMP_ACT_ALLOW", allowed.get("action"));
        assertTrue(names.contains("read") && names.contains("execve") && names.contains("chroot"), names.toString());
        assertFalse(names.contains("mount") || names.contains("keyctl") || names.contains("clone"), names.toString());
        assertTrue(names.stream().allMatch(n -> arch.number(n).isPresent()), names.toString());
        assertEquals(arch == SyscallArch.X86_64, names.contains("arch_prctl"));
    }

    @Test
    void cloneIsMaskedClone3IsEnosysAndSocketExcludesVsock() {
        Map<String, Object> seccomp = OciSeccomp.of(SeccompProfile.docker(), SyscallArch.X86_64);

        assertEquals(Map.of("names", List.of("clone"), "action", "SCMP_ACT_ALLOW", "args", List.of(Map.of("index", 0,
                "value", 0x7e020000L, "valueTwo", 0L, "op", "SCMP_CMP_MASKED_EQ"))), entryFor(seccomp, "clone"));
        assertEquals(Map.of("names", List.of("clone3"), "action", "SCMP_ACT_ERRNO", "errnoRet", 38),
                entryFor(seccomp, "clone3"));
        assertEquals(Map.of("names", List.of("socket"), "action", "SCMP_ACT_ALLOW", "args", List.of(Map.of("index", 0,
                "value", 40L, "valueTwo", 0L, "op", "SCMP_CMP_NE"))), entryFor(seccomp, "socket"));
        long personalities = syscalls(seccomp).stream().filter(e -> e.get("names").equals(List.of("personality"))).count();
        assertEquals(5, personalities, "one entry per allowed value, ORed by the runtime");
    }

    @Test
    void runcAppliesItToAContainer() throws Exception {
        Path runc = Path.of("/usr/sbin/runc");
        if (!Files.isExecutable(runc)) {
            fail("this test needs runc: apt-get install runc");
        }
        String script = "unshare -U true && echo made-a-user-namespace; grep Seccomp: /proc/self/status; echo done";
        String without = runcRun(runc, script, null);
        assertTrue(without.contains("made-a-user-namespace"), "without the filter it works: " + without);

        String with = runcRun(runc, script, SeccompFilter.forHost().orElseThrow().ociSeccomp());

        assertFalse(with.contains("made-a-user-namespace"), with);
        assertTrue(with.contains("unshare(0x10000000): Operation not permitted"), with);
        assertTrue(with.contains("Seccomp:\t2\ndone"), with);
    }

    /** A busybox container from runc's own default spec, running {@code script}, with {@code seccomp} if given. */
    private String runcRun(Path runc, String script, Map<String, Object> seccomp) throws Exception {
        Path bundle = Files.createDirectories(temp.resolve("bundle-" + UUID.randomUUID()));
        BusyboxRootfs.create(bundle.resolve("rootfs"));
        run(List.of(runc.toString(), "spec", "--bundle", bundle.toString()));
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        process.set("args", JSON.valueToTree(List.of("/bin/sh", "-c", script)));
        if (seccomp != null) {
            ((ObjectNode) config.get("linux")).set("seccomp", JSON.valueToTree(seccomp));
        }
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        return run(List.of(runc.toString(), "--root", temp.resolve("state").toString(), "run", "--bundle",
                bundle.toString(), "jbuild-seccomp-" + bundle.getFileName().toString().substring(7, 15)));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " timed out:\n" + output);
        }
        assertEquals(0, process.exitValue(), command + ":\n" + output);
        return output;
    }
}
