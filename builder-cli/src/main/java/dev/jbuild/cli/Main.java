package dev.jbuild.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jbuild} command: dispatches to the subcommands. */
@Command(
        name = "jbuild",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Builds OCI images from Dockerfiles, with no daemon and no root.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the Dockerfile or the build failed", "2:bad usage (unknown flag, missing file)",
            "130:interrupted (Ctrl-C); a build stops its running steps and removes their work first"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The subcommands in the order help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("build", BuildCommand::new);
        COMMANDS.put("parse", ParseCommand::new);
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("images", ImagesCommand::new);
        COMMANDS.put("history", HistoryCommand::new);
        COMMANDS.put("pull", PullCommand::new);
        COMMANDS.put("push", PushCommand::new);
        COMMANDS.put("tag", TagCommand::new);
        COMMANDS.put("rmi", RmiCommand::new);
        COMMANDS.put("inspect", InspectCommand::new);
        COMMANDS.put("import", ImportCommand::new);
        COMMANDS.put("save", SaveCommand::new);
        COMMANDS.put("load", LoadCommand::new);
        COMMANDS.put("login", LoginCommand::new);
        COMMANDS.put("logout", LogoutCommand::new);
        COMMANDS.put("du", DuCommand::new);
        COMMANDS.put("prune", PruneCommand::new);
        COMMANDS.put("doctor", DoctorCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

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
        // Only the command asked for is modelled: picocli reflects over every command it is given
        // and runs their static initialisers, all of it start-up time of every jbuild run.
        String first = args.length == 0 ? "" : args[0];
        if (COMMANDS.containsKey(first) && !first.equals("help")) {
            commandLine.addSubcommand(first, COMMANDS.get(first).get());
        } else if (!first.equals("--version") && !first.equals("-V")) {
            COMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setParameterExceptionHandler(Main::usageError);
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    // As docker: the error and where to read more, not the whole help, which buries the error.
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("jbuild: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitStatus.USAGE;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'jbuild --help'");
    }
}
