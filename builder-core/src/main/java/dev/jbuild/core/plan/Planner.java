package dev.jbuild.core.plan;

import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.fs.PathClean;
import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.HealthConfig;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.registry.PlatformMatcher;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import dev.jbuild.grammar.Heredoc;
import dev.jbuild.grammar.instruction.AddCommand;
import dev.jbuild.grammar.instruction.ArgCommand;
import dev.jbuild.grammar.instruction.ArgDefinition;
import dev.jbuild.grammar.instruction.BuildDefinition;
import dev.jbuild.grammar.instruction.CmdCommand;
import dev.jbuild.grammar.instruction.Command;
import dev.jbuild.grammar.instruction.CommandLine;
import dev.jbuild.grammar.instruction.CopyCommand;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import dev.jbuild.grammar.instruction.EntrypointCommand;
import dev.jbuild.grammar.instruction.EnvCommand;
import dev.jbuild.grammar.instruction.ExposeCommand;
import dev.jbuild.grammar.instruction.HealthcheckCommand;
import dev.jbuild.grammar.instruction.HeredocSource;
import dev.jbuild.grammar.instruction.KeyValue;
import dev.jbuild.grammar.instruction.LabelCommand;
import dev.jbuild.grammar.instruction.MaintainerCommand;
import dev.jbuild.grammar.instruction.OnbuildCommand;
import dev.jbuild.grammar.instruction.Origin;
import dev.jbuild.grammar.instruction.RunCommand;
import dev.jbuild.grammar.instruction.RunMount;
import dev.jbuild.grammar.instruction.ShellCommand;
import dev.jbuild.grammar.instruction.SourceKind;
import dev.jbuild.grammar.instruction.Stage;
import dev.jbuild.grammar.instruction.StopSignalCommand;
import dev.jbuild.grammar.instruction.UserCommand;
import dev.jbuild.grammar.instruction.VolumeCommand;
import dev.jbuild.grammar.instruction.WorkdirCommand;
import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import java.util.ArrayDeque;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a checked build definition, the build arguments and a target into a {@link BuildPlan},
 * with BuildKit's rules for variables: ARGs before the first FROM are visible only in FROM lines
 * (and in a stage that declares them again), an ENV line sees the values from before it, ENV wins
 * over ARG, RUN gets the ARGs in scope as environment, and only the stages the target needs are
 * planned.
 */
public final class Planner {

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    private static final String DOCKER_IMAGE = "docker-image://";
    private static final String OCI_LAYOUT = "oci-layout://";
    private static final ContainerConfig SCRATCH = new ContainerConfig(null, null, null, null, null, null, "/", null,
            null, null, null, null, null, null, null);

    private final BuildDefinition definition;
    private final ShellWordExpander shell;
    private final BuildArguments arguments;
    private final BaseImageConfigs baseConfigs;
    private final Map<String, String> global = new LinkedHashMap<>();
    private final Map<String, String> namedContexts;

    public Planner(BuildDefinition definition, char escape, BuildArguments arguments, BaseImageConfigs baseConfigs) {
        this(definition, escape, arguments, baseConfigs, Map.of());
    }

    /**
     * @param namedContexts {@code --build-context} values by name: {@code docker-image://REF},
     *     {@code oci-layout://PATH[:TAG][@DIGEST]} or a directory; a name here wins over a stage or image of the same name, as in BuildKit
     */
    public Planner(BuildDefinition definition, char escape, BuildArguments arguments, BaseImageConfigs baseConfigs,
            Map<String, String> namedContexts) {
        this.definition = definition;
        this.shell = new ShellWordExpander(escape);
        this.arguments = arguments;
        this.baseConfigs = baseConfigs;
        this.namedContexts = Map.copyOf(namedContexts);
    }

    public BuildPlan plan(Optional<String> target) {
        global.putAll(arguments.predefined());
        for (ArgCommand arg : definition.metaArgs()) {
            for (ArgDefinition d : arg.arguments()) {
                Optional<String> value = arguments.value(d.name());
                if (value.isEmpty() && d.defaultValue().isPresent()) {
                    value = Optional.of(expand(d.defaultValue().get(), global, arg.origin()));
                }
                global.put(d.name(), value.orElse(null));
            }
        }
        int targetIndex = targetIndex(target);
        Set<Integer> needed = neededStages(targetIndex);
        Map<Integer, PlannedStage> planned = new TreeMap<>();
        for (int i : new TreeSet<>(needed)) {
            planned.put(i, planStage(i, planned));
        }
        return new BuildPlan(planned, targetIndex, definition.stages().size());
    }

    private int targetIndex(Optional<String> target) {
        List<Stage> stages = definition.stages();
        if (target.isEmpty()) {
            return stages.size() - 1;
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().map(n -> n.equalsIgnoreCase(target.get())).orElse(false)) {
                return i;
            }
        }
        List<String> names = stages.stream().flatMap(s -> s.name().stream()).toList();
        throw new BuildException(null, "", "target stage \"" + target.get() + "\" could not be found"
                + (names.isEmpty() ? " (this Dockerfile names no stage; name one with FROM image AS name)"
                        : "; stages are: " + String.join(", ", names)));
    }

    private Set<Integer> neededStages(int target) {
        Set<Integer> needed = new LinkedHashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(target));
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (needed.add(i)) {
                todo.addAll(stageDependencies(i));
            }
        }
        return needed;
    }

    // Dependencies are found from the unexpanded stage the same way planStage resolves them.
    private Set<Integer> stageDependencies(int index) {
        Stage stage = definition.stages().get(index);
        Set<Integer> deps = new LinkedHashSet<>();
        base(index).filter(b -> b instanceof StageBase.Stage).ifPresent(b -> deps.add(((StageBase.Stage) b).index()));
        for (Command c : stage.commands()) {
            List<String> froms = new ArrayList<>();
            if (c instanceof CopyCommand copy) {
                copy.from().ifPresent(froms::add);
            } else if (c instanceof RunCommand run) {
                run.mounts().stream().map(RunMount::from).filter(f -> !f.isEmpty()).forEach(froms::add);
            }
            for (String from : froms) {
                if (copySource(expand(from, global, c.origin()), index, c.origin()) instanceof CopySource.Stage s) {
                    deps.add(s.index());
                }
            }
        }
        return deps;
    }

    private Optional<StageBase> base(int index) {
        Stage stage = definition.stages().get(index);
        String image = expand(stage.baseImage(), global, stage.from().origin());
        String named = namedContexts.get(image);
        if (named != null) {
            return Optional.of(new StageBase.Image(namedImage(named).orElseThrow(() -> new BuildException(stage.range(),
                    stage.from().origin().text(), "--build-context " + image + "=" + named
                            + ": FROM takes only docker-image:// and oci-layout:// named contexts for now"))));
        }
        if (image.equalsIgnoreCase("scratch")) {
            return Optional.of(new StageBase.Scratch());
        }
        for (int i = 0; i < index; i++) {
            if (definition.stages().get(i).name().map(n -> n.equalsIgnoreCase(image)).orElse(false)) {
                return Optional.of(new StageBase.Stage(i));
            }
        }
        if (image.isEmpty()) {
            throw new BuildException(stage.range(), stage.from().origin().text(),
                    "base name (" + stage.baseImage() + ") should not be blank: set the build argument it uses");
        }
        return Optional.of(new StageBase.Image(image));
    }

    /**
     * The platform a stage is built for when it is not the target: its {@code FROM --platform}
     * (BuildKit's {@code $BUILDPLATFORM} idiom for a stage of native tools in a cross build), else
     * its base stage's; empty for the target platform.
     */
    private Optional<Platform> stagePlatform(Stage stage, StageBase base, Map<Integer, PlannedStage> planned) {
        Optional<String> flag = stage.from().platform();
        if (flag.isEmpty()) {
            return base instanceof StageBase.Stage s ? planned.get(s.index()).platform() : Optional.empty();
        }
        String value = expand(flag.get(), global, stage.from().origin());
        Platform asked;
        try {
            asked = PlatformMatcher.normalize(Platform.parse(value));
        } catch (IllegalArgumentException e) {
            throw new BuildException(stage.range(), stage.from().origin().text(), "FROM --platform=" + value + ": "
                    + e.getMessage());
        }
        return asked.equals(PlatformMatcher.normalize(arguments.target())) ? Optional.empty() : Optional.of(asked);
    }

    // An image named context is a reference the image source resolves: a registry name, or the
    // oci-layout:// reference itself, which the image source reads from the local layout.
    private static Optional<String> namedImage(String value) {
        if (value.startsWith(DOCKER_IMAGE)) {
            return Optional.of(value.substring(DOCKER_IMAGE.length()));
        }
        return value.startsWith(OCI_LAYOUT) ? Optional.of(value) : Optional.empty();
    }

    private CopySource copySource(String from, int stageIndex, Origin origin) {
        String named = namedContexts.get(from);
        if (named != null) {
            return namedImage(named).<CopySource>map(CopySource.Image::new).orElseGet(() -> new CopySource.Context(from));
        }
        List<Stage> stages = definition.stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().map(n -> n.equalsIgnoreCase(from)).orElse(false)) {
                if (i >= stageIndex) {
                    throw new BuildException(origin.range(), display(origin),
                            "COPY --from=" + from + " names this stage or a later one; a stage can only copy from earlier stages");
                }
                return new CopySource.Stage(i);
            }
        }
        if (from.chars().allMatch(Character::isDigit) && !from.isEmpty()) {
            int i = Integer.parseInt(from);
            if (i >= stageIndex) {
                throw new BuildException(origin.range(), display(origin),
                        "COPY --from=" + from + ": stage index " + i + " is not an earlier stage");
            }
            return new CopySource.Stage(i);
        }
        return new CopySource.Image(from);
    }

    private PlannedStage planStage(int index, Map<Integer, PlannedStage> planned) {
        Stage stage = definition.stages().get(index);
        StageBase base = base(index).orElseThrow();
        Optional<Platform> platform = stagePlatform(stage, base, planned);
        // BuildKit starts a FROM scratch stage with WORKDIR / in its config
        ContainerConfig inherited = SCRATCH;
        if (base instanceof StageBase.Image image) {
            inherited = configOf(image.reference(), stage, platform);
        } else if (base instanceof StageBase.Stage s) {
            inherited = planned.get(s.index()).config();
        }
        StageState state = new StageState(inherited);
        List<PlannedInstruction> instructions = new ArrayList<>();
        Set<Integer> dependencies = new LinkedHashSet<>();
        if (base instanceof StageBase.Stage s) {
            dependencies.add(s.index());
        }
        // ONBUILD triggers of the base run first, as if written at the top of this stage
        for (Command trigger : triggers(inherited, stage)) {
            instructions.add(instruction(trigger, state, index, dependencies));
        }
        for (Command command : stage.commands()) {
            instructions.add(instruction(command, state, index, dependencies));
        }
        return new PlannedStage(index, stage.name(), base, instructions, state.config(),
                state.author, dependencies, platform);
    }

    private List<Command> triggers(ContainerConfig base, Stage stage) {
        if (base.onBuild() == null || base.onBuild().isEmpty()) {
            return List.of();
        }
        String text = "FROM scratch\n" + String.join("\n", base.onBuild()) + "\n";
        try {
            Dockerfile triggers = new DockerfileParser("ONBUILD of " + stage.baseImage()).parse(text);
            return DockerfileCheck.run(triggers).definition().stages().get(0).commands();
        } catch (DockerfileException e) {
            throw new BuildException(stage.range(), stage.from().origin().text(),
                    "the base image's ONBUILD trigger is not a valid instruction: " + e.getMessage());
        }
    }

    private ContainerConfig configOf(String reference, Stage stage, Optional<Platform> platform) {
        try {
            ImageConfig config = platform.map(baseConfigs::forPlatform).orElse(baseConfigs).configOf(reference);
            return config.config() == null ? ContainerConfig.empty() : config.config();
        } catch (BuildException e) {
            throw e;
        } catch (RuntimeException e) {
            // an oci-layout:// error already names its reference
            String message = String.valueOf(e.getMessage());
            throw new BuildException(stage.range(), stage.from().origin().text(), message.startsWith(reference) ? message
                    : "cannot resolve base image " + reference + ": " + message, "", e);
        }
    }

    private PlannedInstruction instruction(Command command, StageState state, int stageIndex, Set<Integer> dependencies) {
        Origin origin = command.origin();
        String text = display(origin);
        if (command instanceof ArgCommand arg) {
            List<Map.Entry<String, String>> defined = new ArrayList<>();
            for (ArgDefinition d : arg.arguments()) {
                Optional<String> value = arguments.value(d.name());
                if (value.isEmpty() && d.defaultValue().isPresent()) {
                    value = Optional.of(expandValue("ARG " + d.name(), d.defaultValue().get(), state.scope(), origin));
                }
                if (value.isEmpty() && global.containsKey(d.name())) {
                    value = Optional.ofNullable(global.get(d.name()));
                }
                state.putVariable(state.args, d.name(), value.orElse(null), "ARG " + d.name(), origin);
                defined.add(new AbstractMap.SimpleEntry<>(d.name(), value.orElse(null)));
            }
            return metadata(HistoryText.arg(defined), origin);
        }
        if (command instanceof EnvCommand env) {
            // every pair of one line sees the values from before the line, as in BuildKit
            Map<String, String> scope = state.scope();
            List<Map.Entry<String, String>> set = new ArrayList<>();
            for (KeyValue kv : env.variables()) {
                String key = expand(kv.key(), scope, origin);
                String value = expandValue("ENV " + key, kv.value(), scope, origin);
                state.putVariable(state.env, key, value, "ENV " + key, origin);
                set.add(Map.entry(key, value));
            }
            return metadata(HistoryText.pairs("ENV", set), origin);
        }
        if (command instanceof LabelCommand label) {
            // every pair of one line sees the values from before the line, as in BuildKit
            Map<String, String> scope = state.scope();
            List<Map.Entry<String, String>> set = new ArrayList<>();
            for (KeyValue kv : label.labels()) {
                String key = expand(kv.key(), scope, origin);
                String value = expand(kv.value(), scope, origin);
                state.labels.put(key, value);
                set.add(Map.entry(key, value));
            }
            return metadata(HistoryText.pairs("LABEL", set), origin);
        }
        if (command instanceof WorkdirCommand workdir) {
            state.workdir = absolute(expand(workdir.path(), state.scope(), origin), state.workdirOrRoot());
            // BuildKit makes no directory, and no layer, for the root
            Optional<FilesystemStep> mkdir = state.workdir.equals("/") ? Optional.empty()
                    : Optional.of(new FilesystemStep.Mkdir(state.workdir, state.userOrRoot()));
            return new PlannedInstruction(Optional.of("WORKDIR " + state.workdir), mkdir, origin);
        }
        if (command instanceof UserCommand user) {
            state.user = expand(user.user(), state.scope(), origin);
            return metadata("USER " + state.user, origin);
        }
        if (command instanceof ExposeCommand expose) {
            List<String> ports = new ArrayList<>();
            for (String port : expose.ports()) {
                for (String p : expandWords(port, state.scope(), origin)) {
                    ports.add(p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp");
                }
            }
            state.exposed.addAll(ports);
            return metadata(HistoryText.expose(ports), origin);
        }
        if (command instanceof VolumeCommand volume) {
            List<String> volumes = new ArrayList<>();
            for (String v : volume.volumes()) {
                volumes.add(expand(v, state.scope(), origin));
            }
            state.volumes.addAll(volumes);
            return metadata(HistoryText.listed("VOLUME", volumes), origin);
        }
        if (command instanceof StopSignalCommand signal) {
            state.stopSignal = expand(signal.signal(), state.scope(), origin);
            return metadata("STOPSIGNAL " + state.stopSignal, origin);
        }
        if (command instanceof CmdCommand cmd) {
            state.cmd = commandLine(cmd.command(), state);
            state.cmdSetHere = true;
            return metadata(HistoryText.quoted("CMD", state.cmd), origin);
        }
        if (command instanceof EntrypointCommand entrypoint) {
            state.entrypoint = commandLine(entrypoint.command(), state);
            if (!state.cmdSetHere) {
                state.cmd = null;
            }
            return metadata(HistoryText.quoted("ENTRYPOINT", state.entrypoint), origin);
        }
        if (command instanceof ShellCommand sh) {
            state.shell = sh.shell();
            return metadata(HistoryText.listed("SHELL", sh.shell()), origin);
        }
        if (command instanceof HealthcheckCommand health) {
            state.healthcheck = health.disabled()
                    ? new HealthConfig(List.of("NONE"), null, null, null, null, null, null)
                    : new HealthConfig(health.test(), nanos(health.interval()), nanos(health.timeout()),
                            nanos(health.startPeriod()), nanos(health.startInterval()),
                            health.retries() == 0 ? null : health.retries(), null);
            return metadata(HistoryText.healthcheck(state.healthcheck), origin);
        }
        if (command instanceof OnbuildCommand onbuild) {
            state.onBuild.add(onbuild.expression());
            // BuildKit records the trigger in the config only, with no history entry
            return new PlannedInstruction(Optional.empty(), Optional.empty(), origin);
        }
        if (command instanceof MaintainerCommand maintainer) {
            state.author = maintainer.maintainer();
            return metadata("MAINTAINER " + state.author, origin);
        }
        if (command instanceof RunCommand run) {
            List<RunMountSpec> mounts = mounts(run, state, stageIndex, dependencies);
            FilesystemStep.Run step = new FilesystemStep.Run(runArgv(run, state), withSshAuthSock(state.runEnv(), mounts),
                    state.workdirOrRoot(), state.userOrRoot(), NetworkMode.valueOf(run.network().name()), mounts,
                    ProxyVariables.from(arguments.values()));
            return new PlannedInstruction(Optional.of(HistoryText.run(step.argv(), state.args, state.visible)),
                    Optional.of(step), origin);
        }
        if (command instanceof CopyCommand copy) {
            CopySource source = copy.from()
                    .map(f -> copySource(expand(f, state.scope(), origin), stageIndex, origin))
                    .orElse(CopySource.Context.MAIN);
            if (source instanceof CopySource.Stage s) {
                dependencies.add(s.index());
            }
            return copyStep(origin, source, copy.sources(), copy.heredocSources(), copy.destination(),
                    copy.chown(), copy.chmod(), false, copy.parents(), copy.excludes(), AddFlags.NONE, state);
        }
        if (command instanceof AddCommand add) {
            return copyStep(origin, CopySource.Context.MAIN, add.sources(), add.heredocSources(),
                    add.destination(), add.chown(), add.chmod(), true, false, add.excludes(),
                    new AddFlags(add.checksum(), add.keepGitDir(), add.unpack()), state);
        }
        throw new BuildException(origin.range(), text,
                origin.keyword().toUpperCase(Locale.ROOT) + " is not supported in a stage");
    }

    /** ADD's flags as written; COPY has none. */
    private record AddFlags(Optional<String> checksum, Optional<Boolean> keepGitDir, Optional<Boolean> unpack) {
        static final AddFlags NONE = new AddFlags(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private PlannedInstruction copyStep(Origin origin, CopySource source, List<String> sources,
            List<HeredocSource> heredocSources, String destination, Optional<String> chown, Optional<String> chmod,
            boolean add, boolean parents, List<String> excludes, AddFlags flags, StageState state) {
        Map<String, String> scope = state.scope();
        List<String> expandedSources = new ArrayList<>();
        for (String s : sources) {
            expandedSources.add(expand(s, scope, origin));
        }
        Optional<String> checksum = flags.checksum().map(c -> expand(c, scope, origin));
        if (checksum.isPresent() && expandedSources.size() == 1
                && !SourceKind.of(expandedSources.get(0)).remote()) {
            // the instruction layer checks literal sources; this catches ones that came from variables
            throw new BuildException(origin.range(), display(origin),
                    "checksum requires HTTP(S) or Git sources, not " + expandedSources.get(0));
        }
        List<HeredocFile> heredocs = new ArrayList<>();
        for (HeredocSource h : heredocSources) {
            String content = h.expand() ? expand(h.content(), scope, origin) : h.content();
            heredocs.add(new HeredocFile(h.path(), content));
        }
        String dest = expand(destination, scope, origin);
        String absolute = absolute(dest, state.workdirOrRoot());
        if ((dest.endsWith("/") || dest.equals(".")) && !absolute.endsWith("/")) {
            absolute = absolute + "/";
        }
        FilesystemStep.Copy step = new FilesystemStep.Copy(source, expandedSources, heredocs, absolute,
                chown.map(c -> expand(c, scope, origin)), chmod.map(c -> expand(c, scope, origin)), add, parents,
                excludes.stream().map(e -> expand(e, scope, origin)).toList(), state.workdirOrRoot(),
                checksum, flags.keepGitDir(), flags.unpack());
        String history = HistoryText.copy(add, parents, step.chown().orElse(null), step.chmod().orElse(null),
                expandedSources, heredocs.stream().map(HeredocFile::name).toList(), dest);
        return new PlannedInstruction(Optional.of(history), Optional.of(step), origin);
    }

    // Mount options are expanded with the stage's variables; from= names a stage or the context.
    private List<RunMountSpec> mounts(RunCommand run, StageState state, int stageIndex,
            Set<Integer> dependencies) {
        List<RunMountSpec> out = new ArrayList<>();
        Map<String, String> scope = state.scope();
        Origin origin = run.origin();
        for (RunMount raw : run.mounts()) {
            RunMount mount;
            try {
                mount = RunMount.parse(raw.spec(), word -> expand(word, scope, origin));
            } catch (IllegalArgumentException e) {
                throw new BuildException(origin.range(), display(origin), "--mount=" + raw.spec() + ": " + e.getMessage());
            }
            CopySource from = mount.from().isEmpty() ? CopySource.Context.MAIN
                    : copySource(mount.from(), stageIndex, origin);
            if (from instanceof CopySource.Stage s) {
                dependencies.add(s.index());
            }
            out.add(spec(mount, from));
        }
        return out;
    }

    private static RunMountSpec spec(RunMount mount, CopySource from) {
        return new RunMountSpec(RunMountSpec.Type.valueOf(mount.type().name()), from, mount.source(), mount.target(),
                mount.readOnly(), mount.sizeLimit(), mount.id(), mount.required(), mount.env(), mount.mode(),
                mount.uid(), mount.gid());
    }

    // As BuildKit: a step with ssh mounts gets SSH_AUTH_SOCK for the first one, unless it has its own.
    private static List<String> withSshAuthSock(List<String> env, List<RunMountSpec> mounts) {
        Optional<RunMountSpec> first = mounts.stream()
                .filter(m -> m.type() == RunMountSpec.Type.SSH).findFirst();
        if (first.isEmpty() || env.stream().anyMatch(e -> e.startsWith("SSH_AUTH_SOCK="))) {
            return env;
        }
        List<String> out = new ArrayList<>(env);
        out.add("SSH_AUTH_SOCK=" + first.get().sshTarget(0));
        return out;
    }

    private List<String> runArgv(RunCommand run, StageState state) {
        CommandLine command = run.command();
        if (!command.shellForm()) {
            return command.arguments();
        }
        String script = command.arguments().isEmpty() ? "" : command.arguments().get(0);
        List<Heredoc> heredocs = run.heredocs();
        if (!heredocs.isEmpty()) {
            script = heredocScript(script, heredocs);
        }
        List<String> argv = new ArrayList<>(state.shellOrDefault());
        argv.add(script);
        return argv;
    }

    // As BuildKit: a RUN that is only a heredoc runs the heredoc's text with the shell; anything
    // more is handed to the shell with the bodies put back, for the shell to read them.
    private static String heredocScript(String line, List<Heredoc> heredocs) {
        String marker = line.strip();
        if (heredocs.size() == 1 && marker.startsWith("<<") && !marker.contains(" ")) {
            Heredoc doc = heredocs.get(0);
            return doc.chomp() ? doc.content().replaceAll("(?m)^\\t+", "") : doc.content();
        }
        StringBuilder full = new StringBuilder(line);
        for (Heredoc doc : heredocs) {
            full.append('\n').append(doc.content()).append(doc.name());
        }
        return full.toString();
    }

    private List<String> commandLine(CommandLine command, StageState state) {
        if (!command.shellForm()) {
            return command.arguments();
        }
        List<String> argv = new ArrayList<>(state.shellOrDefault());
        argv.add(command.arguments().isEmpty() ? "" : command.arguments().get(0));
        return argv;
    }

    // Instructions that only change the config leave a history entry without a layer.
    private static PlannedInstruction metadata(String history, Origin origin) {
        return new PlannedInstruction(Optional.of(history), Optional.empty(), origin);
    }

    private static Long nanos(java.time.Duration d) {
        return d == null || d.isZero() ? null : d.toNanos();
    }

    static String absolute(String path, String workdir) {
        String joined = path.startsWith("/") ? path : (workdir.endsWith("/") ? workdir : workdir + "/") + path;
        return PathClean.absolute(joined);
    }

    private String expand(String word, Map<String, String> scope, Origin origin) {
        try {
            return shell.expandWord(word, scope::get).value();
        } catch (ShellExpansionException e) {
            throw new BuildException(origin.range(), display(origin), "cannot expand " + word + ": " + e.getMessage());
        }
    }

    /** A variable's value; one too long is named as the variable ({@code what}: "ENV A", "ARG B"). */
    private String expandValue(String what, String word, Map<String, String> scope, Origin origin) {
        try {
            return shell.expandWord(word, scope::get).value();
        } catch (ShellExpansionException e) {
            String message = e.isTooLong() ? what + " " + e.getMessage()
                    : "cannot expand " + word + ": " + e.getMessage();
            throw new BuildException(origin.range(), display(origin), message);
        }
    }

    private List<String> expandWords(String word, Map<String, String> scope, Origin origin) {
        try {
            return shell.expandWords(word, scope::get).words();
        } catch (ShellExpansionException e) {
            throw new BuildException(origin.range(), display(origin), "cannot expand " + word + ": " + e.getMessage());
        }
    }

    private static String display(Origin origin) {
        return origin.text();
    }

    /** The config as instructions change it, from the base image's config on. */
    private static final class StageState {
        /** The most characters all of a stage's ENV and ARG variables may hold together. */
        static final long MAX_ENVIRONMENT_CHARS = 16L << 20;
        /** What {@link #env} and {@link #args} hold, counted from the first change on (-1 before). */
        private long variableChars = -1;

        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> args = new LinkedHashMap<>();
        /**
         * What RUN steps and expansions see, as BuildKit's state environment: the image's and
         * ENV's variables and every ARG that has a value, the later of an ENV and an ARG of one
         * name winning (the image config keeps only {@link #env}).
         */
        final Map<String, String> visible = new LinkedHashMap<>();
        final Map<String, String> labels = new LinkedHashMap<>();
        final Set<String> exposed = new LinkedHashSet<>();
        final Set<String> volumes = new LinkedHashSet<>();
        final List<String> onBuild = new ArrayList<>();
        final ContainerConfig inherited;
        String workdir;
        String user;
        String stopSignal;
        List<String> cmd;
        boolean cmdSetHere;
        List<String> entrypoint;
        List<String> shell;
        HealthConfig healthcheck;
        String author;

        StageState(ContainerConfig base) {
            inherited = base;
            for (String e : base.env() == null ? List.<String>of() : base.env()) {
                int eq = e.indexOf('=');
                env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
            }
            if (!env.containsKey("PATH")) {
                env.put("PATH", DEFAULT_PATH.substring("PATH=".length()));
            }
            visible.putAll(env);
            if (base.labels() != null) {
                labels.putAll(base.labels());
            }
            if (base.exposedPorts() != null) {
                exposed.addAll(base.exposedPorts());
            }
            if (base.volumes() != null) {
                volumes.addAll(base.volumes());
            }
            workdir = base.workingDir() == null || base.workingDir().isEmpty() ? null : base.workingDir();
            user = base.user();
            stopSignal = base.stopSignal();
            cmd = base.cmd();
            entrypoint = base.entrypoint();
            shell = base.shell();
            healthcheck = base.healthcheck();
        }

        /**
         * Sets an ENV or ARG variable ({@code what} names it for the error), failing once the stage's
         * variables, names and values, pass {@link #MAX_ENVIRONMENT_CHARS} together: each value is
         * capped by the expander, their number is not.
         */
        void putVariable(Map<String, String> variables, String name, String value, String what, Origin origin) {
            if (variableChars < 0) {
                variableChars = chars(env) + chars(args);
            }
            boolean existed = variables.containsKey(name);
            String old = variables.put(name, value);
            if (value != null) {
                visible.put(name, value);
            }
            variableChars += chars(name, value) - (existed ? chars(name, old) : 0);
            if (variableChars > MAX_ENVIRONMENT_CHARS) {
                throw new BuildException(origin.range(), display(origin), what + " makes the stage's environment"
                        + " larger than " + (MAX_ENVIRONMENT_CHARS >> 20) + " MiB");
            }
        }

        private static long chars(Map<String, String> variables) {
            long total = 0;
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                total += chars(variable.getKey(), variable.getValue());
            }
            return total;
        }

        private static long chars(String name, String value) {
            return name.length() + (value == null ? 0 : value.length());
        }

        /** Variables instructions expand with: the visible ones. */
        Map<String, String> scope() {
            return new LinkedHashMap<>(visible);
        }

        // ENV's names first, then ARG-only ones, in the order earlier versions keyed RUN steps by.
        List<String> runEnv() {
            List<String> out = new ArrayList<>();
            env.keySet().forEach(k -> out.add(k + "=" + visible.get(k)));
            args.forEach((k, v) -> {
                if (v != null && !env.containsKey(k)) {
                    out.add(k + "=" + visible.get(k));
                }
            });
            return out;
        }

        String workdirOrRoot() {
            return workdir == null ? "/" : workdir;
        }

        String userOrRoot() {
            return user == null || user.isEmpty() ? "root" : user;
        }

        List<String> shellOrDefault() {
            return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
        }

        ContainerConfig config() {
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            return new ContainerConfig(user, exposed.isEmpty() ? null : exposed, envList, entrypoint, cmd,
                    volumes.isEmpty() ? null : volumes, workdir, labels.isEmpty() ? null : labels, stopSignal,
                    inherited.argsEscaped(), healthcheck, onBuild.isEmpty() ? null : onBuild, shell,
                    inherited.stopTimeout(), inherited.extra());
        }
    }
}
