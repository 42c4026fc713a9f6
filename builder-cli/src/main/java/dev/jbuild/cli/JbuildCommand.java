package dev.jbuild.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jbuild} command as picocli models it: dispatches to the subcommands. */
@Command(
        name = "jbuild",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Builds OCI images from Dockerfiles, with no daemon and no root.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the Dockerfile or the build failed", "2:bad usage (unknown flag, missing file)",
            "130:interrupted (Ctrl-C); a build stops its running steps and removes their work first"})
final class JbuildCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The subcommands in the order help lists them; made on use, as a build gets its own command line. */
    private static Map<String, Supplier<Object>> commands(String[] args) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("build", () -> new BuildCommand(args));
        commands.put("parse", ParseCommand::new);
        commands.put("check", CheckCommand::new);
        commands.put("images", ImagesCommand::new);
        commands.put("history", HistoryCommand::new);
        commands.put("pull", PullCommand::new);
        commands.put("push", PushCommand::new);
        commands.put("tag", TagCommand::new);
        commands.put("rmi", RmiCommand::new);
        commands.put("inspect", InspectCommand::new);
        commands.put("import", ImportCommand::new);
        commands.put("save", SaveCommand::new);
        commands.put("load", LoadCommand::new);
        commands.put("login", LoginCommand::new);
        commands.put("logout", LogoutCommand::new);
        commands.put("du", DuCommand::new);
        commands.put("prune", PruneCommand::new);
        commands.put("doctor", DoctorCommand::new);
        // Lambdas, not method references, where a picocli type is named: Java 25.0.3 aborts writing an
        // AOT cache with class linking when a method reference names a class in Java 5's format.
        commands.put("help", () -> new CommandLine.HelpCommand());
        return commands;
    }

    /** Runs the command line writing to the given streams, so tests can read what it printed. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new JbuildCommand());
        // Only the command asked for is modelled: picocli reflects over every command it is given
        // and runs their static initialisers, all of it start-up time of every jbuild run.
        String first = args.length == 0 ? "" : args[0];
        Map<String, Supplier<Object>> commands = commands(args);
        if (commands.containsKey(first) && !first.equals("help")) {
            commandLine.addSubcommand(first, commands.get(first).get());
        } else if (!first.equals("--version") && !first.equals("-V")) {
            commands.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        // a lambda for Java 25's AOT cache, as above
        commandLine.setParameterExceptionHandler((e, arguments) -> usageError(e, arguments));
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
