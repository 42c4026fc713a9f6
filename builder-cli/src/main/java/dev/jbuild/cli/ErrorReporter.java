package dev.jbuild.cli;

import dev.jbuild.cache.blob.BlobStoreException;
import dev.jbuild.core.context.BuildContextException;
import dev.jbuild.core.source.image.OciLayoutException;
import dev.jbuild.core.ssh.SshAgentException;
import dev.jbuild.core.layer.LayerException;
import dev.jbuild.core.error.BuildCanceledException;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.registry.RegistryException;
import dev.jbuild.core.store.ImageStoreException;
import dev.jbuild.grammar.DockerfileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns what a command throws into a message a person can act on and jbuild's exit status:
 * a bad Dockerfile is 1 with its position, a missing file is bad usage (2).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        var err = commandLine.getErr();
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof DockerfileException bad) {
            err.println(bad.describe());
            return ExitStatus.FAILED;
        }
        if (cause instanceof NoSuchFileException missing) {
            err.println("jbuild: no such file: " + missing.getFile());
            return ExitStatus.USAGE;
        }
        if (cause instanceof BuildCanceledException) {
            err.println(BuildInterruption.MESSAGE);
            return ExitStatus.INTERRUPTED;
        }
        if (cause instanceof BuildException build) {
            err.println(describe(build));
            return ExitStatus.FAILED;
        }
        if (cause instanceof RegistryException || cause instanceof ImageStoreException
                || cause instanceof LayerException || cause instanceof BlobStoreException
                || cause instanceof BuildContextException || cause instanceof SshAgentException
                || cause instanceof OciLayoutException) {
            err.println("jbuild: " + cause.getMessage());
            return ExitStatus.FAILED;
        }
        if (cause instanceof IOException io) {
            err.println("jbuild: " + io);
            return ExitStatus.FAILED;
        }
        err.println("jbuild: internal error: " + cause);
        cause.printStackTrace(err);
        return ExitStatus.FAILED;
    }

    // As BuildKit: the error, the output tail of a failed command, then Dockerfile:LINE and the line.
    private static String describe(BuildException e) {
        StringBuilder out = new StringBuilder();
        if (!e.outputTail().isBlank()) {
            out.append("------\n > ").append(e.instruction()).append(":\n");
            e.outputTail().lines().forEach(l -> out.append(l).append('\n'));
            out.append("------\n");
        }
        e.range().ifPresent(r -> out.append("Dockerfile:").append(r.startLine()).append("\n")
                .append("--------------------\n").append(String.format("%4d | %s%n", r.startLine(), e.instruction()))
                .append("--------------------\n"));
        out.append("ERROR: failed to solve: ").append(e.getMessage());
        return out.toString();
    }
}
