package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view takes the width of the terminal it draws on from the kernel: run under a
 * pseudo-terminal of 150 columns ({@code script}, util-linux), its step lines are 149 wide.
 */
class TerminalSizeIT {

    private static final Path REPO = Path.of(System.getProperty("jbuild.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theLiveViewIsAsWideAsTheTerminal() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /copied\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String build = String.join(" ", java, "-jar", REPO.resolve("builder-cli/target/jbuild.jar").toString(), "build",
                "--progress=tty", "--cache-dir=" + dir.resolve("store"), context.toString());
        Path log = dir.resolve("typescript");
        ProcessBuilder script = new ProcessBuilder("script", "-qec", "stty cols 150 rows 40; " + build, log.toString())
                .redirectErrorStream(true);
        script.environment().remove("COLUMNS");
        script.environment().remove("LINES");
        Process p = script.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), "script (util-linux) ran jbuild: " + out);
        List<String> steps = Files.readString(log).replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").lines()
                .flatMap(l -> List.of(l.split("\r")).stream()).filter(l -> l.startsWith(" => ")).toList();
        assertTrue(!steps.isEmpty() && steps.stream().allMatch(l -> l.length() == 149), steps.toString());
    }
}
