package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.lint.LintRule;
import dev.jbuild.grammar.lint.Linter;
import dev.jbuild.grammar.SourceRange;
import dev.jbuild.grammar.shell.Expansion;
import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The build checks that look at a whole {@link BuildDefinition}, run in BuildKit's order: stage
 * names, keyword casing, FROM lines against the global ARGs, then each stage's commands as
 * BuildKit meets them while building (a stage built on an earlier stage inherits its SHELL and
 * WORKDIR). Nothing here needs an image, so what depends on one (the base image's shell, working
 * directory or environment) is taken as unset.
 */
final class DefinitionLinter {

    private static final Set<String> RESERVED_STAGE_NAMES = Set.of("context", "scratch");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern NOT_SECRET = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");
    /** Stands for a variable whose value only the build knows. */
    private static final String UNKNOWN = "\u0000";

    private final Linter lint;
    private final InstructionComments comments;
    private final ShellWordExpander shell;
    private final LiteralText literals;

    DefinitionLinter(Linter lint, InstructionComments comments, char escape) {
        this.lint = lint;
        this.comments = comments;
        this.shell = new ShellWordExpander(escape);
        this.literals = new LiteralText(escape);
    }

    void run(BuildDefinition definition) {
        stageNames(definition.stages());
        instructionCasing(definition.stages());
        GlobalArgs globals = globalArgs(definition);
        if (globals != null) {
            defaultBaseImages(definition.stages(), globals);
        }
        Map<String, StageState> byName = new HashMap<>();
        for (Stage stage : definition.stages()) {
            Optional<String> base = globals == null ? Optional.empty() : fromLine(stage, globals);
            StageState inherited = base.map(byName::get).orElse(StageState.NEW);
            StageState state = commands(stage, inherited);
            stage.name().ifPresent(name -> byName.put(name, state));
        }
    }

    private Linter lintFor(SourceRange range) {
        return lint.forComments(comments.before(range));
    }

    // ---- stage names and casing (whole file)

    private void stageNames(List<Stage> stages) {
        Set<String> seen = new HashSet<>();
        for (Stage stage : stages) {
            if (stage.name().isEmpty()) {
                continue;
            }
            String name = stage.name().get();
            if (RESERVED_STAGE_NAMES.contains(name)) {
                lint.report(LintRule.RESERVED_STAGE_NAME, stage.range(), "Stage name should not use the same name"
                        + " as reserved stage \"" + name + "\" (rename the stage)");
            }
            if (!seen.add(name)) {
                lint.report(LintRule.DUPLICATE_STAGE_NAME, stage.range(), "Duplicate stage name \"" + name
                        + "\", stage names should be unique (a later stage with the name hides this one)");
            }
        }
    }

    private void instructionCasing(List<Stage> stages) {
        int lower = 0;
        int upper = 0;
        for (Stage stage : stages) {
            for (Command command : commandsWithFrom(stage)) {
                String keyword = command.keyword();
                if (keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                    lower++;
                } else if (keyword.equals(keyword.toUpperCase(Locale.ROOT))) {
                    upper++;
                }
            }
        }
        boolean majorityLower = lower > upper;
        for (Stage stage : stages) {
            for (Command command : commandsWithFrom(stage)) {
                String keyword = command.keyword();
                String expected = majorityLower ? keyword.toLowerCase(Locale.ROOT) : keyword.toUpperCase(Locale.ROOT);
                if (!keyword.equals(expected)) {
                    lint.report(LintRule.CONSISTENT_INSTRUCTION_CASING, command.range(), "Command '" + keyword
                            + "' should match the case of the command majority ("
                            + (majorityLower ? "lowercase" : "uppercase") + ")");
                }
            }
        }
    }

    private static List<Command> commandsWithFrom(Stage stage) {
        List<Command> all = new ArrayList<>(stage.commands().size() + 1);
        all.add(stage.from());
        all.addAll(stage.commands());
        return all;
    }

    // ---- FROM lines against the global ARGs

    /** The global ARGs with their default values, and the platform ARGs every build defines. */
    private record GlobalArgs(Map<String, String> values, Set<String> declared) {
        String lookup(String name) {
            return values.get(name);
        }
    }

    // null when a default cannot be expanded: BuildKit then skips these checks and fails the build.
    private GlobalArgs globalArgs(BuildDefinition definition) {
        String platform = "linux/" + PlatformSpecifier.hostArchitecture();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("BUILDPLATFORM", platform);
        values.put("BUILDOS", "linux");
        values.put("BUILDOSVERSION", "");
        values.put("BUILDARCH", PlatformSpecifier.hostArchitecture());
        values.put("BUILDVARIANT", "");
        values.put("TARGETPLATFORM", platform);
        values.put("TARGETOS", "linux");
        values.put("TARGETOSVERSION", "");
        values.put("TARGETARCH", PlatformSpecifier.hostArchitecture());
        values.put("TARGETVARIANT", "");
        List<Stage> stages = definition.stages();
        values.put("TARGETSTAGE", stages.get(stages.size() - 1).name().orElse("default"));
        Set<String> declared = new TreeSet<>(values.keySet());
        for (ArgCommand arg : definition.metaArgs()) {
            for (ArgDefinition a : arg.arguments()) {
                declared.add(a.name());
                if (a.defaultValue().isEmpty()) {
                    continue;
                }
                try {
                    values.put(a.name(), shell.expandWord(a.defaultValue().get(), values::get).value());
                } catch (ShellExpansionException e) {
                    return null;
                }
            }
        }
        return new GlobalArgs(values, declared);
    }

    /** InvalidDefaultArgInFrom: with no build arguments given, each FROM must name a valid image. */
    private void defaultBaseImages(List<Stage> stages, GlobalArgs globals) {
        for (Stage stage : stages) {
            String image;
            try {
                image = shell.expandWord(stage.baseImage(), globals::lookup).value();
            } catch (ShellExpansionException e) {
                return;
            }
            if (!ImageReferenceSyntax.isValid(image)) {
                lint.report(LintRule.INVALID_DEFAULT_ARG_IN_FROM, stage.range(), "Default value for ARG "
                        + stage.baseImage() + " results in empty or invalid base image name"
                        + (image.isEmpty() ? " (give the ARG a default value)" : ": \"" + image + "\""));
            }
        }
    }

    /** The checks of one FROM line; returns its base image with default ARG values, when known. */
    private Optional<String> fromLine(Stage stage, GlobalArgs globals) {
        Linter stageLint = lintFor(stage.range());
        Optional<String> base = Optional.empty();
        try {
            Expansion image = shell.expandWord(stage.baseImage(), globals::lookup);
            undeclared(image, globals, stage, stageLint);
            base = Optional.of(image.value());
        } catch (ShellExpansionException e) {
            // the planner reports this with the real build arguments
        }
        if (stage.platform().isPresent()) {
            String platform = stage.platform().get();
            try {
                Expansion p = shell.expandWord(platform, globals::lookup);
                undeclared(p, globals, stage, stageLint);
                redundantTargetPlatform(platform, p, globals, stage, stageLint);
                constantPlatform(p, stage, stageLint);
            } catch (ShellExpansionException e) {
                // as above
            }
        }
        return base;
    }

    private static void undeclared(Expansion expansion, GlobalArgs globals, Stage stage, Linter stageLint) {
        for (String name : expansion.missing()) {
            if (globals.declared().contains(name)) {
                continue;
            }
            String hint = Suggestion.closest(name, globals.declared(), true).map(s -> " (did you mean " + s + "?)")
                    .orElse(" (declare it with ARG " + name + " before the first FROM)");
            stageLint.report(LintRule.UNDEFINED_ARG_IN_FROM, stage.range(),
                    "FROM argument '" + name + "' is not declared" + hint);
        }
    }

    private static void redundantTargetPlatform(String platform, Expansion p, GlobalArgs globals, Stage stage,
            Linter stageLint) {
        if (p.used().equals(Set.of("TARGETPLATFORM")) && p.missing().isEmpty()
                && p.value().equals(globals.lookup("TARGETPLATFORM"))) {
            stageLint.report(LintRule.REDUNDANT_TARGET_PLATFORM, stage.range(), "Setting platform to predefined "
                    + platform + " in FROM is redundant as this is the default behavior (remove --platform)");
        }
    }

    private static void constantPlatform(Expansion p, Stage stage, Linter stageLint) {
        if (!p.used().isEmpty() || !p.missing().isEmpty()) {
            return;
        }
        PlatformSpecifier parsed;
        try {
            parsed = PlatformSpecifier.parse(p.value());
        } catch (IllegalArgumentException e) {
            return;
        }
        String name = stage.name().orElse("");
        if (name.contains(parsed.os()) || name.contains(parsed.architecture())) {
            return;
        }
        stageLint.report(LintRule.FROM_PLATFORM_FLAG_CONST_DISALLOWED, stage.range(), "FROM --platform flag should"
                + " not use constant value \"" + p.value() + "\" (use $BUILDPLATFORM or $TARGETPLATFORM, or name"
                + " the stage after the platform)");
    }

    // ---- the commands of a stage

    /** What a stage passes to stages built on it, as far as the checks care. */
    private record StageState(boolean shellSet, boolean workdirSet) {
        static final StageState NEW = new StageState(false, false);
    }

    private StageState commands(Stage stage, StageState inherited) {
        boolean shellSet = inherited.shellSet();
        boolean workdirSet = inherited.workdirSet();
        Map<String, Command> lastOnce = new HashMap<>();
        for (Command command : stage.commands()) {
            Linter cmdLint = lintFor(command.range());
            if (command instanceof EnvCommand env) {
                for (KeyValue kv : env.variables()) {
                    legacy(kv, env, cmdLint);
                    secret("ENV", kv.key(), env, cmdLint);
                }
            } else if (command instanceof LabelCommand label) {
                label.labels().forEach(kv -> legacy(kv, label, cmdLint));
            } else if (command instanceof ArgCommand arg) {
                arg.arguments().forEach(a -> secret("ARG", a.name(), arg, cmdLint));
            } else if (command instanceof WorkdirCommand workdir) {
                if (!workdirSet) {
                    relativeWorkdir(workdir, cmdLint);
                }
                workdirSet = true;
            } else if (command instanceof ShellCommand) {
                shellSet = true;
            } else if (command instanceof CmdCommand cmd) {
                once("cmd", cmd, lastOnce, cmdLint);
                jsonArgs(cmd.command(), shellSet, cmd, cmdLint);
            } else if (command instanceof EntrypointCommand entrypoint) {
                once("entrypoint", entrypoint, lastOnce, cmdLint);
                jsonArgs(entrypoint.command(), shellSet, entrypoint, cmdLint);
            } else if (command instanceof HealthcheckCommand healthcheck) {
                once("healthcheck", healthcheck, lastOnce, cmdLint);
            } else if (command instanceof ExposeCommand expose) {
                expose(expose, cmdLint);
            }
        }
        return new StageState(shellSet, workdirSet);
    }

    private static void legacy(KeyValue kv, Command command, Linter cmdLint) {
        if (kv.legacyForm()) {
            String name = command.keyword();
            cmdLint.report(LintRule.LEGACY_KEY_VALUE_FORMAT, command.range(), "\"" + name + " key=value\" should"
                    + " be used instead of legacy \"" + name + " key value\" format");
        }
    }

    private void secret(String instruction, String key, Command command, Linter cmdLint) {
        Optional<String> name = literals.word(key);
        if (name.isEmpty()) {
            return;
        }
        if (SECRET.matcher(name.get()).find() && !NOT_SECRET.matcher(name.get()).find()) {
            cmdLint.report(LintRule.SECRETS_USED_IN_ARG_OR_ENV, command.range(), "Do not use ARG or ENV instructions"
                    + " for sensitive data (" + instruction + " \"" + name.get() + "\"); use RUN --mount=type=secret");
        }
    }

    private void relativeWorkdir(WorkdirCommand workdir, Linter cmdLint) {
        String path;
        try {
            path = shell.expandWord(workdir.path(), name -> UNKNOWN).value();
        } catch (ShellExpansionException e) {
            return;
        }
        if (path.startsWith("/") || path.startsWith(UNKNOWN)) {
            return;
        }
        String shown = path.contains(UNKNOWN) ? workdir.path() : path;
        cmdLint.report(LintRule.WORKDIR_RELATIVE_PATH, workdir.range(), "Relative workdir \"" + shown
                + "\" can have unexpected results if the base image changes (start with an absolute WORKDIR)");
    }

    /** MultipleInstructionsDisallowed, at the earlier instruction: it is the one that has no effect. */
    private static void once(String kind, Command command, Map<String, Command> lastOnce, Linter cmdLint) {
        Command earlier = lastOnce.put(kind, command);
        if (earlier != null) {
            cmdLint.report(LintRule.MULTIPLE_INSTRUCTIONS_DISALLOWED, earlier.range(), "Multiple "
                    + command.keyword() + " instructions should not be used in the same stage because only the"
                    + " last one will be used");
        }
    }

    private static void jsonArgs(CommandLine line, boolean shellSet, Command command, Linter cmdLint) {
        if (line.shellForm() && !shellSet) {
            cmdLint.report(LintRule.JSON_ARGS_RECOMMENDED, command.range(), "JSON arguments recommended for "
                    + command.keyword() + " to prevent unintended behavior related to OS signals (write "
                    + command.keyword() + " [\"executable\", \"arg\"])");
        }
    }

    private void expose(ExposeCommand expose, Linter cmdLint) {
        for (String word : expose.ports()) {
            Optional<List<String>> ports = literals.words(word);
            if (ports.isEmpty()) {
                continue;
            }
            for (String raw : ports.get()) {
                PortSpec port;
                try {
                    port = PortSpec.parse(raw);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (!port.proto().equals(port.proto().toLowerCase(Locale.ROOT))) {
                    cmdLint.report(LintRule.EXPOSE_PROTO_CASING, expose.range(), "Defined protocol '" + raw
                            + "' in EXPOSE instruction should be lowercase");
                }
                if (!port.ip().isEmpty() || !port.hostPort().isEmpty()) {
                    cmdLint.report(LintRule.EXPOSE_INVALID_FORMAT, expose.range(), "EXPOSE instruction should not"
                            + " define an IP address or host-port mapping, found '" + raw + "' (publish ports when"
                            + " running the container instead)");
                }
            }
        }
    }
}
