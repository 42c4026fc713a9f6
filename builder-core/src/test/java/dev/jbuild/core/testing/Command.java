package dev.jbuild.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real host tool (gzip, tar, zstd …) in a test and returns its output, failing the test on a non-zero exit. */
public record Command(List<String> argv, Path directory) {

    public static Command of(Path directory, String... argv) {
        return new Command(List.of(argv), directory);
    }

    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Path.of(dir, tool).toFile().canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Runs with stdout to a file, for binary output. */
    public String runTo(Path stdout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile())
                .redirectOutput(stdout.toFile());
        return finish(builder.start());
    }

    /** Runs and returns stdout as text. */
    public String run() throws IOException, InterruptedException {
        return finish(new ProcessBuilder(argv).directory(directory.toFile()).start());
    }

    private String finish(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(argv + " timed out");
        }
        assertEquals(0, process.exitValue(), () -> argv + " failed: " + new String(err, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
