package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.SourceRange;
import dev.jbuild.grammar.shell.Expansion;
import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a build target takes from its caller, as BuildKit's {@code frontend.outline} subrequest
 * reports it ({@code --call=outline}): the build arguments the target and the stages it reads
 * use (its ARGs, the global ARGs its FROM lines name and those their defaults name), with their
 * values and descriptions ({@code # NAME description} above the ARG), the secrets and SSH
 * sockets its RUN mounts ask for, each ordered by line.
 */
public record StageOutline(Optional<String> name, String description, List<Arg> args, List<Secret> secrets,
        List<Secret> ssh) {

    /** A build argument: its value after build args and defaults, its description, where it is declared. */
    public record Arg(String name, String value, String description, SourceRange range) {
    }

    /** A secret or SSH socket a RUN mount uses, and whether the mount requires it. */
    public record Secret(String name, boolean required, SourceRange range) {
    }

    public StageOutline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        args = List.copyOf(args);
        secrets = List.copyOf(secrets);
        ssh = List.copyOf(ssh);
    }

    /** A declared argument and the global ones its default reads. */
    private record ArgInfo(Arg arg, Set<String> reads) {
    }

    /**
     * The outline of {@code target} (the last stage when empty) with these build args.
     *
     * @throws DockerfileException when the target names no stage or a FROM line does not expand
     */
    public static StageOutline of(Dockerfile dockerfile, BuildDefinition definition, Optional<String> target,
            Map<String, String> buildArgs) throws DockerfileException {
        InstructionComments comments = new InstructionComments(dockerfile);
        ShellWordExpander shell = new ShellWordExpander(dockerfile.escape());
        Map<String, ArgInfo> global = new LinkedHashMap<>();
        Map<String, String> globalValues = new HashMap<>();
        for (ArgCommand command : definition.metaArgs()) {
            for (ArgDefinition arg : command.arguments()) {
                Expansion value = value(shell, arg, buildArgs, globalValues::get, command.origin().range(), dockerfile);
                globalValues.put(arg.name(), value.value());
                global.put(arg.name(), new ArgInfo(new Arg(arg.name(), value.value(),
                        TargetList.docComment(comments.before(command.origin().range()), arg.name()),
                        command.origin().range()), value.used()));
            }
        }
        int index = definition.stages().size() - 1;
        if (target.isPresent()) {
            Stage named = definition.stage(target.get()).orElseThrow(() -> new DockerfileException(dockerfile.name(),
                    0, 0, "target stage \"" + target.get() + "\" could not be found", ""));
            index = definition.stages().indexOf(named);
        }
        Stage stage = definition.stages().get(index);
        List<Arg> args = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        List<Secret> ssh = new ArrayList<>();
        Set<String> seenArgs = new HashSet<>();
        Set<String> seenSecrets = new HashSet<>();
        Set<String> seenSsh = new HashSet<>();
        for (int reached : reachable(definition, index)) {
            Stage s = definition.stages().get(reached);
            for (Arg arg : stageArgs(s, shell, global, globalValues, buildArgs, comments, dockerfile)) {
                if (seenArgs.add(arg.name())) {
                    args.add(arg);
                }
            }
            for (Command command : s.commands()) {
                if (command instanceof RunCommand run) {
                    for (RunMount mount : run.mounts()) {
                        if (mount.type() == MountType.SECRET) {
                            String id = mount.id().isEmpty() ? baseName(mount.target()) : mount.id();
                            if (seenSecrets.add(id)) {
                                secrets.add(new Secret(id, mount.required(), run.origin().range()));
                            }
                        } else if (mount.type() == MountType.SSH) {
                            String id = mount.id().isEmpty() ? "default" : mount.id();
                            if (seenSsh.add(id)) {
                                ssh.add(new Secret(id, mount.required(), run.origin().range()));
                            }
                        }
                    }
                }
            }
        }
        args.sort(Comparator.comparingInt(a -> a.range().startLine()));
        secrets.sort(Comparator.comparingInt(a -> a.range().startLine()));
        ssh.sort(Comparator.comparingInt(a -> a.range().startLine()));
        String description = stage.name().map(n -> TargetList.docComment(comments.before(stage.range()), n)).orElse("");
        return new StageOutline(stage.name(), description, args, secrets, ssh);
    }

    /** The target, then the stages it builds on and reads from, each once, as BuildKit walks them. */
    private static List<Integer> reachable(BuildDefinition definition, int target) {
        List<Integer> order = new ArrayList<>();
        Deque<Integer> pending = new ArrayDeque<>();
        pending.add(target);
        while (!pending.isEmpty()) {
            int index = pending.poll();
            if (order.contains(index)) {
                continue;
            }
            order.add(index);
            Stage stage = definition.stages().get(index);
            stageIndex(definition, stage.baseImage(), index).ifPresent(pending::add);
            for (Command command : stage.commands()) {
                if (command instanceof CopyCommand copy && copy.from().isPresent()) {
                    stageIndex(definition, copy.from().get(), index).ifPresent(pending::add);
                } else if (command instanceof RunCommand run) {
                    for (RunMount mount : run.mounts()) {
                        if (mount.from() != null && !mount.from().isEmpty()) {
                            stageIndex(definition, mount.from(), index).ifPresent(pending::add);
                        }
                    }
                }
            }
        }
        return order;
    }

    /** The earlier stage a FROM, --from or from= names (by name or number), if it names one. */
    private static Optional<Integer> stageIndex(BuildDefinition definition, String reference, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (definition.stages().get(i).name().filter(reference.toLowerCase(Locale.ROOT)::equals)
                    .isPresent()) {
                return Optional.of(i);
            }
        }
        if (reference.matches("[0-9]+")) {
            int number = Integer.parseInt(reference);
            return number < before ? Optional.of(number) : Optional.empty();
        }
        return Optional.empty();
    }

    // A stage uses its own ARGs and the global ones its FROM names, and those their defaults name.
    private static List<Arg> stageArgs(Stage stage, ShellWordExpander shell, Map<String, ArgInfo> global,
            Map<String, String> globalValues, Map<String, String> buildArgs, InstructionComments comments,
            Dockerfile dockerfile) throws DockerfileException {
        Map<String, Arg> own = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        used.addAll(expand(shell, stage.baseImage(), globalValues::get, stage.range(), dockerfile).used());
        if (stage.platform().isPresent()) {
            used.addAll(expand(shell, stage.platform().get(), globalValues::get, stage.range(), dockerfile).used());
        }
        Map<String, String> scope = new HashMap<>();
        for (Command command : stage.commands()) {
            if (command instanceof EnvCommand env) {
                for (KeyValue pair : env.variables()) {
                    scope.put(pair.key(), expand(shell, pair.value(), scope::get, env.origin().range(), dockerfile).value());
                }
            }
            if (!(command instanceof ArgCommand argCommand)) {
                continue;
            }
            SourceRange range = argCommand.origin().range();
            for (ArgDefinition arg : argCommand.arguments()) {
                used.add(arg.name());
                boolean inherited = arg.defaultValue().isEmpty() && !buildArgs.containsKey(arg.name())
                        && global.containsKey(arg.name());
                String value = inherited ? globalValues.get(arg.name())
                        : value(shell, arg, buildArgs, scope::get, range, dockerfile).value();
                if (!inherited) {
                    own.put(arg.name(), new Arg(arg.name(), value,
                            TargetList.docComment(comments.before(range), arg.name()), range));
                }
                scope.put(arg.name(), value);
            }
        }
        Deque<String> closure = new ArrayDeque<>(used);
        while (!closure.isEmpty()) {
            ArgInfo info = global.get(closure.poll());
            if (info != null && !own.containsKey(info.arg().name())) {
                for (String read : info.reads()) {
                    if (used.add(read)) {
                        closure.add(read);
                    }
                }
            }
        }
        List<Arg> args = new ArrayList<>();
        for (String name : used) {
            Arg arg = own.containsKey(name) ? own.get(name) : global.containsKey(name) ? global.get(name).arg() : null;
            if (arg != null) {
                args.add(arg);
            }
        }
        return args;
    }

    private static Expansion value(ShellWordExpander shell, ArgDefinition arg, Map<String, String> buildArgs,
            Function<String, String> env, SourceRange range, Dockerfile dockerfile)
            throws DockerfileException {
        if (buildArgs.containsKey(arg.name())) {
            return new Expansion(buildArgs.get(arg.name()), Set.of(), Set.of());
        }
        return arg.defaultValue().isPresent() ? expand(shell, arg.defaultValue().get(), env, range, dockerfile)
                : new Expansion("", Set.of(), Set.of());
    }

    private static Expansion expand(ShellWordExpander shell, String word, Function<String, String> env,
            SourceRange range, Dockerfile dockerfile) throws DockerfileException {
        try {
            return shell.expandWord(word, env);
        } catch (ShellExpansionException e) {
            throw new DockerfileException(dockerfile.name(), range.startLine(), range.startColumn(), e.getMessage(),
                    dockerfile.line(range.startLine()));
        }
    }

    private static String baseName(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
