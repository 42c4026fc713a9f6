package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.exec.HostProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbuild doctor} on the CI host, which runs as root with every sandbox installed and a
 * kernel that mounts overlayfs in a user namespace (.ci/run): as root and as the ordinary user
 * jbtest, each line says exactly what that user's builds get.
 */
class DoctorCommandIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();
    private static final String USER = "jbtest";
    private static final List<String> ROWS = List.of("user", "id mapping", "protections", "sandbox oci", "sandbox bwrap",
            "sandbox unshare", "overlay", "emulators", "builds use");

    @TempDir
    Path work;

    @Test
    void doctorAsRootShowsTheShiftedRangeRefusesBubblewrapAndPicksUnshare() {
        assertTrue(HostProbe.system().identity().root(), "CI runs the tests as root (.ci/run)");
        CommandRun doctor = CommandRun.of("doctor");
        assertEquals(0, doctor.status(), doctor.out() + doctor.err());
        List<String> lines = doctor.out().lines().toList();
        assertEquals(ROWS, labels(lines), doctor.out());
        assertTrue(lines.get(0).startsWith("user               root (uid 0, gid 0)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("id mapping         ok: ")
                && lines.get(1).contains("so container root is not host root"), lines.get(1));
        assertProtections(lines.get(2));
        assertEquals("sandbox oci        ok: sandbox 'oci' works", lines.get(3));
        assertTrue(lines.get(4).startsWith("sandbox bwrap      no: ") && lines.get(4).contains("as root use"), lines.get(4));
        assertEquals("sandbox unshare    ok: sandbox 'unshare' works", lines.get(5));
        assertEquals("overlay            ok: overlayfs mounts in a user namespace", lines.get(6));
        assertEmulators(lines.get(7));
        assertEquals("builds use         unshare sandbox, overlay snapshots", lines.get(8));
    }

    @Test
    void doctorAsAnOrdinaryUserMapsContainerRootToThemAndEverySandboxWorks() throws Exception {
        List<String> lines = doctorAs(USER).lines().toList();
        assertEquals(ROWS, labels(lines), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("user               " + USER + " (uid "), lines.get(0));
        assertTrue(lines.get(1).startsWith("id mapping         ok: container root is you, container ids 1 and up are your"
                + " subordinate ids"), lines.get(1));
        assertProtections(lines.get(2));
        assertEquals("sandbox oci        ok: sandbox 'oci' works", lines.get(3));
        assertEquals("sandbox bwrap      ok: sandbox 'bwrap' works", lines.get(4));
        assertEquals("sandbox unshare    ok: sandbox 'unshare' works", lines.get(5));
        assertEquals("overlay            ok: overlayfs mounts in a user namespace", lines.get(6));
        assertEmulators(lines.get(7));
        assertEquals("builds use         unshare sandbox, overlay snapshots", lines.get(8),
                "only the unshare sandbox mounts overlay roots, so where overlay works auto takes it");
    }

    private static List<String> labels(List<String> lines) {
        return lines.stream().map(line -> line.substring(0, Math.min(18, line.length())).strip()).toList();
    }

    // scripts/test registers qemu's aarch64 interpreter; 386 runs natively on x86_64
    private static void assertEmulators(String line) {
        assertTrue(line.startsWith("emulators          386 (natively), arm64 (/usr/libexec/qemu-binfmt/aarch64-binfmt-P)"), line);
        assertTrue(line.contains("need qemu-user-static registered"), line);
    }

    private static void assertProtections(String line) {
        assertTrue(line.contains("/proc/sys and other kernel knobs read-only"), line);
        assertTrue(line.contains("a seccomp filter like Docker's default profile (SCMP_ARCH_"), line);
    }

    /** Runs a world-readable copy of the command line as {@code user}, since the checkout may sit under /root. */
    private String doctorAs(String user) throws Exception {
        assertEquals(0, new ProcessBuilder("id", user).start().waitFor(),
                "user " + user + " is missing: .ci/run creates it (useradd, with a range in /etc/subuid)");
        Path jar = REPO.resolve("builder-cli/target/jbuild.jar");
        run(List.of("cp", "-r", jar.toString(), jar.resolveSibling("lib").toString(), work.toString()));
        run(List.of("chmod", "-R", "a+rX", work.toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return run(List.of("runuser", "-u", user, "--", java, "-jar", work.resolve("jbuild.jar").toString(), "doctor"));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), command + " failed:\n" + out);
        return out;
    }
}
