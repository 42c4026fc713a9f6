package dev.jbuild.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jbuild} command: dispatches to the subcommands. */
@Command(
        name = "jbuild",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Builds OCI images from Dockerfiles, with no daemon and no root.",
        subcommands = {BuildCommand.class, ParseCommand.class, CheckCommand.class, ImagesCommand.class, PullCommand.class, PushCommand.class,
            TagCommand.class, RmiCommand.class, InspectCommand.class, ImportCommand.class, SaveCommand.class, DuCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the Dockerfile or the build failed", "2:bad usage (unknown flag, missing file)",
            "130:interrupted (Ctrl-C); a build stops its running steps and removes their work first"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's streams and returns the exit status. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to the given streams, so tests can read what it printed. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'jbuild --help'");
    }
}
