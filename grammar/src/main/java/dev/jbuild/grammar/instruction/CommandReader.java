package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.golang.GoDuration;
import dev.jbuild.grammar.lint.LintRule;
import dev.jbuild.grammar.lint.Linter;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.Heredoc;
import dev.jbuild.grammar.Instruction;
import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one parsed instruction into its typed command, checking what BuildKit's
 * {@code instructions} package checks (argument counts, flags and their values, stage names,
 * ONBUILD triggers, JSON forms) and, where a value uses no variable, what BuildKit would only find
 * when building (mount options, platforms, ports, and the {@link BuildTimeValues}). Reports the build checks
 * BuildKit runs while parsing (StageNameCasing, FromAsCasing, MaintainerDeprecated,
 * InvalidDefinitionDescription).
 */
final class CommandReader {

    /** Every instruction keyword, for "did you mean". */
    static final List<String> KEYWORDS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER",
            "VOLUME", "WORKDIR");
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9_.-]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");
    private static final Duration MINIMUM_INTERVAL = Duration.ofMillis(1);

    private final SourceText source;
    private final ShellWordExpander shell;
    private final LiteralText literals;

    CommandReader(SourceText source, char escape) {
        this.source = source;
        this.shell = new ShellWordExpander(escape);
        this.literals = new LiteralText(escape);
    }

    /**
     * @param lint the build checks in force for this instruction
     * @param comments the comments right above it, for descriptions of ARGs and stages
     */
    Command read(Instruction in, Linter lint, List<String> comments) throws DockerfileException {
        Origin origin = new Origin(in.keyword(), in.original(), in.range());
        return switch (in.name()) {
            case "add" -> add(in, origin);
            case "arg" -> arg(in, origin, lint, comments);
            case "cmd" -> new CmdCommand(commandLine(in, "CMD"), origin);
            case "copy" -> copy(in, origin);
            case "entrypoint" -> new EntrypointCommand(commandLine(in, "ENTRYPOINT"), origin);
            case "env" -> new EnvCommand(keyValues(in), origin);
            case "expose" -> expose(in, origin);
            case "from" -> from(in, origin, lint, comments);
            case "healthcheck" -> healthcheck(in, origin);
            case "label" -> new LabelCommand(keyValues(in), origin);
            case "maintainer" -> maintainer(in, origin, lint);
            case "onbuild" -> onbuild(in, origin);
            case "run" -> run(in, origin);
            case "shell" -> shell(in, origin);
            case "stopsignal" -> stopSignal(in, origin);
            case "user" -> new UserCommand(single(in), origin);
            case "volume" -> volume(in, origin);
            case "workdir" -> new WorkdirCommand(single(in), origin);
            default -> throw unknownInstruction(in);
        };
    }

    private DockerfileException unknownInstruction(Instruction in) {
        Optional<String> match = Suggestion.closest(in.keyword(), KEYWORDS, false);
        String hint = match.map(m -> " (did you mean " + m + "?)")
                .orElse("; a Dockerfile instruction is one of " + String.join(", ", KEYWORDS));
        return source.error(in, "unknown instruction: " + in.keyword() + hint);
    }

    // ---- flags and argument counts

    private BuilderFlags flags(Instruction in, String name) throws DockerfileException {
        return parse(in, new BuilderFlags(name));
    }

    private BuilderFlags parse(Instruction in, BuilderFlags flags) throws DockerfileException {
        try {
            flags.parse(in.flags());
            return flags;
        } catch (BuilderFlags.Problem problem) {
            throw source.error(in, problem.flag(), problem.getMessage());
        }
    }

    private static String upper(Instruction in) {
        return in.name().toUpperCase(Locale.ROOT);
    }

    /** USER and WORKDIR: BuildKit counts the arguments before it reads the flags. */
    private String single(Instruction in) throws DockerfileException {
        requireOne(in);
        flags(in, upper(in));
        return in.arguments().get(0);
    }

    private void requireOne(Instruction in) throws DockerfileException {
        if (in.arguments().size() != 1) {
            throw source.error(in, upper(in) + " requires exactly one argument");
        }
    }

    private void requireSome(Instruction in, String example) throws DockerfileException {
        if (in.arguments().isEmpty()) {
            throw source.error(in, upper(in) + " requires at least one argument (" + example + ")");
        }
    }

    // ---- ENV, LABEL, ARG, MAINTAINER

    private List<KeyValue> keyValues(Instruction in) throws DockerfileException {
        String name = upper(in);
        flags(in, name);
        List<String> args = in.arguments();
        requireSome(in, "write " + name + " key=value");
        if (args.size() % 3 != 0) {
            throw source.error(in, "Bad input to " + name + ", too many arguments");
        }
        List<KeyValue> pairs = new ArrayList<>(args.size() / 3);
        for (int i = 0; i < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                throw source.error(in, "=", name + " names can not be blank (write " + name + " key=value)");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
        }
        return pairs;
    }

    // BuildKit reads no flags on ARG, so ARG --anything is accepted and ignored.
    private ArgCommand arg(Instruction in, Origin origin, Linter lint, List<String> comments)
            throws DockerfileException {
        requireSome(in, "write ARG name or ARG name=default");
        List<ArgDefinition> definitions = new ArrayList<>();
        for (String word : in.arguments()) {
            int eq = word.indexOf('=');
            if (eq == 0) {
                throw source.error(in, word, "ARG names can not be blank (write ARG name=default)");
            }
            definitions.add(eq < 0
                    ? new ArgDefinition(word, Optional.empty())
                    : new ArgDefinition(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
        }
        describe("ARG", definitions.stream().map(ArgDefinition::name).toList(), comments, in, lint);
        return new ArgCommand(definitions, origin);
    }

    private MaintainerCommand maintainer(Instruction in, Origin origin, Linter lint) throws DockerfileException {
        lint.report(LintRule.MAINTAINER_DEPRECATED, in.range(), "The MAINTAINER instruction is deprecated: "
                + "use LABEL org.opencontainers.image.authors=\"…\" instead");
        requireOne(in);
        flags(in, "MAINTAINER");
        return new MaintainerCommand(in.arguments().get(0), origin);
    }

    /** InvalidDefinitionDescription: a comment above FROM or ARG should start with the name. */
    private static void describe(String instruction, List<String> names, List<String> comments, Instruction in,
            Linter lint) {
        if (comments.isEmpty() || names.isEmpty()) {
            return;
        }
        String first = comments.get(comments.size() - 1).split(" ", -1)[0];
        if (names.contains(first)) {
            return;
        }
        String example = names.size() > 1 ? "<arg_key>" : names.get(0);
        lint.report(LintRule.INVALID_DEFINITION_DESCRIPTION, in.range(), "The comment above " + instruction
                + " should read `# " + example + " <description>`; separate other comments with an empty `#` line");
    }

    // ---- FROM

    private FromCommand from(Instruction in, Origin origin, Linter lint, List<String> comments)
            throws DockerfileException {
        List<String> args = in.arguments();
        if (args.size() == 3 && !args.get(2).equals(args.get(2).toLowerCase(Locale.ROOT))) {
            lint.report(LintRule.STAGE_NAME_CASING, in.range(),
                    "Stage name '" + args.get(2) + "' should be lower case");
        }
        if (!asMatchesFromCase(in.keyword(), args)) {
            lint.report(LintRule.FROM_AS_CASING, in.range(),
                    "'" + args.get(1) + "' and '" + in.keyword() + "' keywords' casing do not match");
        }
        Optional<String> stageName = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String name = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(name).matches()) {
                throw source.errorAtLast(in, args.get(2), "invalid name for build stage: \"" + args.get(2)
                        + "\", name can't start with a number or contain symbols (use a letter, then letters,"
                        + " digits, '-', '_' or '.')");
            }
            stageName = Optional.of(name);
        } else if (args.size() != 1) {
            throw source.error(in, "FROM requires either one or three arguments: FROM [--platform=…] image [AS name]");
        }
        BuilderFlags flags = parse(in, new BuilderFlags("FROM").string("platform"));
        Optional<String> platform = flags.value("platform").filter(p -> !p.isEmpty());
        if (platform.isPresent()) {
            Optional<String> literal = literals.word(platform.get());
            if (literal.isPresent()) {
                try {
                    PlatformSpecifier.parse(literal.get());
                } catch (IllegalArgumentException e) {
                    throw source.error(in, "--platform", "failed to parse platform " + platform.get() + ": "
                            + e.getMessage());
                }
            }
        }
        stageName.ifPresent(name -> describe("FROM", List.of(name), comments, in, lint));
        return new FromCommand(args.get(0), stageName, platform, origin);
    }

    // FromAsCasing leaves mixed-case keywords to ConsistentInstructionCasing.
    private static boolean asMatchesFromCase(String keyword, List<String> args) {
        if (args.size() < 3) {
            return true;
        }
        boolean lower = keyword.equals(keyword.toLowerCase(Locale.ROOT));
        boolean upper = keyword.equals(keyword.toUpperCase(Locale.ROOT));
        if (!lower && !upper) {
            return true;
        }
        String as = args.get(1);
        return lower ? as.equals(as.toLowerCase(Locale.ROOT)) : as.equals(as.toUpperCase(Locale.ROOT));
    }

    // ---- COPY and ADD

    private CopyCommand copy(Instruction in, Origin origin) throws DockerfileException {
        requireSourceAndDestination(in);
        BuilderFlags flags = parse(in, new BuilderFlags("COPY")
                .string("chown").string("from").string("chmod").bool("link").list("exclude").bool("parents"));
        SourcesAndDestination files = sourcesAndDestination(in);
        Optional<String> from = flags.value("from").filter(v -> !v.isEmpty());
        if (from.isPresent() && !literals.word(from.get()).filter(from.get()::equals).isPresent()) {
            throw source.error(in, "--from", "variable expansion is not supported for --from, define a new stage"
                    + " with FROM using ARG from global scope as a workaround (ARG X, FROM $X AS src, COPY --from=src)");
        }
        Optional<String> chmod = flags.value("chmod").filter(v -> !v.isEmpty());
        checkChmod(in, chmod);
        for (String path : files.sources) {
            Optional<String> literal = literals.word(path);
            SourceKind kind = literal.map(SourceKind::of).orElse(SourceKind.LOCAL);
            if (kind == SourceKind.GIT) {
                throw source.error(in, path, "source can't be a git ref for COPY (use ADD to fetch a Git repository)");
            }
            if (kind == SourceKind.HTTP) {
                throw source.error(in, path, "source can't be a URL for COPY (use ADD to download a file)");
            }
        }
        return new CopyCommand(files.sources, files.heredocs, files.destination, from,
                flags.value("chown").filter(v -> !v.isEmpty()), chmod, flags.isTrue("link"),
                flags.isTrue("parents"), flags.values("exclude"), origin);
    }

    private AddCommand add(Instruction in, Origin origin) throws DockerfileException {
        requireSourceAndDestination(in);
        BuilderFlags flags = parse(in, new BuilderFlags("ADD")
                .string("chown").string("chmod").bool("link").bool("keep-git-dir").string("checksum")
                .bool("unpack").list("exclude"));
        SourcesAndDestination files = sourcesAndDestination(in);
        Optional<String> chmod = flags.value("chmod").filter(v -> !v.isEmpty());
        checkChmod(in, chmod);
        Optional<String> checksum = flags.value("checksum").filter(v -> !v.isEmpty());
        if (checksum.isPresent()) {
            checkChecksum(in, checksum.get(), files.sources);
        }
        return new AddCommand(files.sources, files.heredocs, files.destination,
                flags.value("chown").filter(v -> !v.isEmpty()), chmod, flags.isTrue("link"),
                flags.values("exclude"), checksum, flags.boolIfGiven("keep-git-dir"), flags.boolIfGiven("unpack"),
                origin);
    }

    private void requireSourceAndDestination(Instruction in) throws DockerfileException {
        if (in.arguments().size() < 2) {
            throw source.error(in, upper(in) + " requires at least two arguments, but only one was provided."
                    + " Destination could not be determined (write " + upper(in) + " source… destination)");
        }
    }

    private record SourcesAndDestination(List<String> sources, List<HeredocSource> heredocs, String destination) {
    }

    private SourcesAndDestination sourcesAndDestination(Instruction in) throws DockerfileException {
        List<String> args = in.arguments();
        String destination = args.get(args.size() - 1);
        if (HeredocWord.parse(destination).isPresent()) {
            throw source.errorAtLast(in, destination, upper(in) + " cannot accept a heredoc as a destination"
                    + " (put the heredoc before the destination: " + upper(in) + " <<EOF /path/file)");
        }
        Map<String, Heredoc> bodies = new HashMap<>();
        for (Heredoc doc : in.heredocs()) {
            bodies.put(doc.name(), doc);
        }
        List<String> paths = new ArrayList<>();
        List<HeredocSource> inline = new ArrayList<>();
        for (String word : args.subList(0, args.size() - 1)) {
            Optional<HeredocWord> heredoc = HeredocWord.parse(word);
            if (heredoc.isEmpty()) {
                paths.add(word);
                continue;
            }
            HeredocWord h = heredoc.get();
            Heredoc body = bodies.get(h.name());
            inline.add(new HeredocSource(h.name(), h.body(body == null ? "" : body.content()), h.expand()));
        }
        return new SourcesAndDestination(paths, inline, destination);
    }

    private void checkChmod(Instruction in, Optional<String> chmod) throws DockerfileException {
        Optional<String> problem = chmod.flatMap(literals::word).flatMap(BuildTimeValues::chmodProblem);
        if (problem.isPresent()) {
            throw source.error(in, "--chmod", problem.get());
        }
    }

    private void checkChecksum(Instruction in, String checksum, List<String> sources) throws DockerfileException {
        Optional<String> value = literals.word(checksum);
        if (value.isEmpty()) {
            return;
        }
        Optional<String> only = sources.size() == 1 ? literals.word(sources.get(0)) : Optional.empty();
        Optional<String> problem = BuildTimeValues.checksumProblem(value.get(), sources.size(), only);
        if (problem.isPresent()) {
            throw source.error(in, "--checksum", problem.get());
        }
    }

    // ---- RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK

    private RunCommand run(Instruction in, Origin origin) throws DockerfileException {
        // BuildKit declares the RUN flags in this order; it decides which error comes first.
        BuilderFlags flags = parse(in, new BuilderFlags("RUN")
                .list("device").list("mount").string("network").string("security"));
        List<RunDevice> devices = new ArrayList<>();
        for (String value : flags.values("device")) {
            try {
                devices.add(RunDevice.parse(value));
            } catch (IllegalArgumentException e) {
                throw source.error(in, "--device", e.getMessage());
            }
        }
        List<RunMount> mounts = new ArrayList<>();
        for (String value : flags.values("mount")) {
            mounts.add(mount(in, value));
        }
        String network = flags.value("network").orElse("default");
        NetworkMode networkMode = NetworkMode.of(network).orElseThrow(() -> source.error(in, "--network",
                "invalid network mode \"" + network + "\" (use default, none or host)"));
        String security = flags.value("security").orElse("sandbox");
        SecurityMode securityMode = SecurityMode.of(security).orElseThrow(() -> source.error(in, "--security",
                "security \"" + security + "\" is not valid (use sandbox or insecure)"));
        // a RUN without a command is BuildKit's too: it runs the shell with an empty script
        return new RunCommand(commandLine(in), in.heredocs(), mounts, networkMode, securityMode, devices, origin);
    }

    private RunMount mount(Instruction in, String value) throws DockerfileException {
        try {
            return RunMount.parse(value, raw -> raw.indexOf('$') >= 0 ? null : literalOrFail(raw));
        } catch (IllegalArgumentException e) {
            throw source.error(in, "--mount", e.getMessage());
        }
    }

    private String literalOrFail(String raw) {
        try {
            return shell.expandWord(raw, name -> null).value();
        } catch (ShellExpansionException e) {
            throw new IllegalArgumentException("cannot read mount option value " + raw + ": " + e.getMessage(), e);
        }
    }

    private CommandLine commandLine(Instruction in, String name) throws DockerfileException {
        flags(in, name);
        return commandLine(in);
    }

    private static CommandLine commandLine(Instruction in) {
        List<String> args = in.arguments();
        if (in.json()) {
            return CommandLine.exec(args);
        }
        return new CommandLine(args.isEmpty() ? List.of() : List.of(String.join(" ", args)), true);
    }

    private ShellCommand shell(Instruction in, Origin origin) throws DockerfileException {
        flags(in, "SHELL");
        requireSome(in, "write SHELL [\"/bin/sh\", \"-c\"]");
        if (!in.json()) {
            throw source.error(in, "SHELL requires the arguments to be in JSON form (write SHELL [\"/bin/bash\", \"-c\"])");
        }
        return new ShellCommand(in.arguments(), origin);
    }

    private HealthcheckCommand healthcheck(Instruction in, Origin origin) throws DockerfileException {
        requireSome(in, "write HEALTHCHECK CMD command, or HEALTHCHECK NONE");
        List<String> args = in.arguments();
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        // BuildKit reads no flags for NONE, so HEALTHCHECK --interval=1s NONE is accepted.
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw source.error(in, "HEALTHCHECK NONE takes no arguments");
            }
            return new HealthcheckCommand(List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, 0, origin);
        }
        BuilderFlags flags = parse(in, new BuilderFlags("HEALTHCHECK")
                .string("interval").string("timeout").string("start-period").string("start-interval")
                .string("retries"));
        if (!type.equals("CMD")) {
            throw source.error(in, args.get(0), "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
        }
        if (rest.isEmpty()) {
            throw source.error(in, "Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(in.json() ? "CMD" : "CMD-SHELL");
        test.addAll(in.json() ? rest : List.of(String.join(" ", rest)));
        return new HealthcheckCommand(test, interval(in, flags, "interval"), interval(in, flags, "timeout"),
                interval(in, flags, "start-period"), interval(in, flags, "start-interval"), retries(in, flags), origin);
    }

    private Duration interval(Instruction in, BuilderFlags flags, String name) throws DockerfileException {
        String value = flags.value(name).orElse("");
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw source.error(in, "--" + name, "--" + name + ": " + e.getMessage()
                    + " (use a duration such as 30s, 1m30s or 500ms)");
        }
        if (d.isZero()) {
            return Duration.ZERO;
        }
        if (d.compareTo(MINIMUM_INTERVAL) < 0) {
            throw source.error(in, "--" + name, "Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }

    private int retries(Instruction in, BuilderFlags flags) throws DockerfileException {
        String value = flags.value("retries").orElse("");
        if (value.isEmpty()) {
            return 0;
        }
        long retries;
        try {
            if (!value.matches("[+-]?[0-9]+")) {
                throw new NumberFormatException(value);
            }
            retries = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw source.error(in, "--retries", "invalid value \"" + value + "\" for --retries: use a whole number");
        }
        if (retries < 0) {
            throw source.error(in, "--retries", "--retries cannot be negative (" + retries + ")");
        }
        return (int) retries;
    }

    // ---- EXPOSE, VOLUME, STOPSIGNAL

    private ExposeCommand expose(Instruction in, Origin origin) throws DockerfileException {
        requireSome(in, "write EXPOSE 8080 or EXPOSE 53/udp");
        flags(in, "EXPOSE");
        for (String word : in.arguments()) {
            for (String port : literals.words(word).orElse(List.of())) {
                try {
                    PortSpec.parse(port).validate();
                } catch (IllegalArgumentException e) {
                    throw source.error(in, word, e.getMessage());
                }
            }
        }
        List<String> ports = new ArrayList<>(in.arguments());
        ports.sort(null);
        return new ExposeCommand(ports, origin);
    }

    private VolumeCommand volume(Instruction in, Origin origin) throws DockerfileException {
        requireSome(in, "write VOLUME /path");
        flags(in, "VOLUME");
        List<String> volumes = new ArrayList<>();
        for (String v : in.arguments()) {
            String trimmed = v.strip();
            if (trimmed.isEmpty()) {
                throw source.error(in, "VOLUME specified can not be an empty string");
            }
            volumes.add(trimmed);
        }
        return new VolumeCommand(volumes, origin);
    }

    // BuildKit reads no flags on STOPSIGNAL; the signal itself is checked when building.
    private StopSignalCommand stopSignal(Instruction in, Origin origin) throws DockerfileException {
        requireOne(in);
        String signal = in.arguments().get(0);
        Optional<String> literal = literals.word(signal);
        if (literal.isPresent() && !BuildTimeValues.isSignal(literal.get())) {
            throw source.error(in, signal, "Invalid signal: " + literal.get()
                    + " (use a name such as SIGTERM or SIGQUIT, or a number)");
        }
        return new StopSignalCommand(signal, origin);
    }

    // ---- ONBUILD

    private OnbuildCommand onbuild(Instruction in, Origin origin) throws DockerfileException {
        Instruction trigger = in.trigger();
        if (trigger == null) {
            throw source.error(in, "ONBUILD requires at least one argument (write ONBUILD RUN command)");
        }
        flags(in, "ONBUILD");
        String keyword = trigger.keyword().toUpperCase(Locale.ROOT);
        switch (keyword) {
            case "ONBUILD" -> throw source.error(trigger,
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw source.error(trigger,
                    keyword + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(in.original()).replaceFirst(""));
        for (Heredoc doc : trigger.heredocs()) {
            expression.append('\n').append(doc.content()).append(doc.name());
        }
        return new OnbuildCommand(expression.toString(), trigger, origin);
    }
}
