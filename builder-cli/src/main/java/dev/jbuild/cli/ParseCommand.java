package dev.jbuild.cli;

import dev.jbuild.grammar.BuildkitDump;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.ParseWarning;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jbuild parse}: prints the parse tree of a Dockerfile, as BuildKit's parser dump or as
 * JSON with source positions. It stays at the parser level: unknown keywords are printed, not
 * rejected (use {@code jbuild check} for that).
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Print the parse tree of a Dockerfile.",
            "buildkit: the same dump as BuildKit's parser, one (keyword [\"--flags\"] \"arg\" ...) line per instruction.",
            "json: the tree with directives, flags, arguments, heredocs and source positions (docs/commands.md, 'The JSON parse tree')."})
final class ParseCommand implements Callable<Integer> {

    enum Format { buildkit, json }

    @Option(names = "--format", defaultValue = "buildkit", paramLabel = "FORMAT",
            description = "buildkit or json (default: ${DEFAULT-VALUE})")
    private Format format;

    @Mixin
    private DockerfileSource source;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dockerfile dockerfile = source.parse(spec.commandLine());
        PrintWriter err = spec.commandLine().getErr();
        for (ParseWarning warning : dockerfile.warnings()) {
            err.println(dockerfile.name() + ":" + warning.line() + ": warning: " + warning.message());
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? ParseTreeJson.render(dockerfile) : BuildkitDump.of(dockerfile));
        out.flush();
        return ExitStatus.OK;
    }
}
