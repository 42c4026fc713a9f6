package dev.jbuild.cli;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.instruction.BuildDefinition;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import dev.jbuild.grammar.instruction.StageOutline;
import dev.jbuild.grammar.instruction.TargetList;
import dev.jbuild.grammar.lint.LintRule;
import dev.jbuild.grammar.lint.LintWarning;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * buildx's {@code --call} and {@code --check}, and the attestation flags jbuild accepts so that
 * buildx scripts run: {@code --call=check} evaluates the build checks instead of building,
 * {@code outline} and {@code targets} print what the Dockerfile takes and offers, and
 * {@code ,format=json} prints BuildKit's result document instead of the table.
 */
final class CallFlags {

    /** What a run does instead of (or as) a build, and whether it prints JSON. */
    enum Function { BUILD, CHECK, OUTLINE, TARGETS }

    /** The parsed {@code --call} value. */
    record Call(Function function, boolean json) {
    }

    @Option(names = "--call", paramLabel = "build|check|outline|targets[,format=json]", defaultValue = "build",
            description = "build (default); check: evaluate the Dockerfile's build checks, exit 1 when one warns;"
                    + " outline: the build args, secrets and SSH the target uses; targets: the stages;"
                    + " add ,format=json for BuildKit's JSON")
    private String call;

    @Option(names = "--check", description = "shorthand for --call=check")
    private boolean check;

    @Option(names = "--provenance", paramLabel = "VALUE", arity = "0..1", fallbackValue = "true",
            description = "accepted for buildx scripts; jbuild attaches no provenance attestation yet (false is quiet)")
    private String provenance;

    @Option(names = "--sbom", paramLabel = "VALUE", arity = "0..1", fallbackValue = "true",
            description = "accepted for buildx scripts; jbuild attaches no SBOM attestation yet (false is quiet)")
    private String sbom;

    @Option(names = "--attest", paramLabel = "type=TYPE[,…]",
            description = "accepted for buildx scripts; jbuild attaches no attestations yet; repeatable")
    private List<String> attest = List.of();

    @Option(names = "--allow", paramLabel = "network.host|security.insecure", split = ",",
            description = "entitlements, as buildx takes them; jbuild's RUN --network=host and --security need none")
    private List<String> allow = List.of();

    /** What this run does; a --call value buildx would refuse is the user's error. */
    Call call(CommandLine cl) {
        for (String entitlement : allow) {
            if (!List.of("network.host", "security.insecure").contains(entitlement)) {
                throw new CommandLine.ParameterException(cl, "--allow " + entitlement
                        + ": expected network.host or security.insecure");
            }
        }
        if (check) {
            return new Call(Function.CHECK, false);
        }
        Function function = null;
        boolean json = false;
        for (String field : call.split(",", -1)) {
            int eq = field.indexOf('=');
            if (eq >= 0) {
                String key = field.substring(0, eq);
                String value = field.substring(eq + 1);
                if (key.equals("format") && (value.equals("json") || value.isEmpty())) {
                    json = value.equals("json");
                } else if (!key.equals("ignorestatus")) {
                    throw new CommandLine.ParameterException(cl, "--call=" + call + ": invalid print field: " + field
                            + " (expected format=json)");
                }
                continue;
            }
            if (function != null) {
                throw new CommandLine.ParameterException(cl, "--call=" + call + ": invalid print value");
            }
            function = switch (field) {
                case "build" -> Function.BUILD;
                case "check", "lint" -> Function.CHECK;
                case "outline" -> Function.OUTLINE;
                case "targets" -> Function.TARGETS;
                default -> throw new CommandLine.ParameterException(cl, "--call=" + call
                        + ": expected build, check, outline or targets");
            };
        }
        return new Call(function == null ? Function.BUILD : function, json);
    }

    /** {@code --call=outline}: the target's build args, secrets and SSH sockets. */
    static int outline(Dockerfile dockerfile, Optional<String> target, Map<String, String> buildArgs, boolean json,
            PrintWriter out) throws DockerfileException {
        BuildDefinition definition = DockerfileCheck.run(dockerfile).definition();
        StageOutline outline = StageOutline.of(dockerfile, definition, target, buildArgs);
        if (json) {
            SubrequestOutput.outlineJson(outline, source(dockerfile), out);
        } else {
            SubrequestOutput.outlineText(outline, out);
        }
        return ExitStatus.OK;
    }

    /** {@code --call=targets}: every stage, the default marked. */
    static int targets(Dockerfile dockerfile, boolean json, PrintWriter out) throws DockerfileException {
        TargetList targets = TargetList.of(dockerfile, DockerfileCheck.run(dockerfile).definition());
        if (json) {
            SubrequestOutput.targetsJson(targets, source(dockerfile), out);
        } else {
            SubrequestOutput.targetsText(targets, out);
        }
        return ExitStatus.OK;
    }

    private static String source(Dockerfile dockerfile) {
        return dockerfile.lines().stream().map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    /** What the attestation flags asked for that the image will not have, for one warning line each. */
    List<String> unsupported() {
        List<String> out = new java.util.ArrayList<>();
        if (provenance != null && !provenance.equals("false") && !provenance.equals("0")) {
            out.add("--provenance: jbuild attaches no provenance attestation yet; the image has none");
        }
        if (sbom != null && !sbom.equals("false") && !sbom.equals("0")) {
            out.add("--sbom: jbuild attaches no SBOM attestation yet; the image has none");
        }
        attest.forEach(a -> out.add("--attest " + a + ": jbuild attaches no attestations yet; the image has none"));
        return out;
    }

    /** {@code --call=check}: the warnings with their lines, as buildx prints them; 1 when there are any. */
    static int check(Dockerfile dockerfile, boolean json, PrintWriter out) throws DockerfileException {
        List<LintWarning> warnings = DockerfileCheck.run(dockerfile).warnings();
        if (json) {
            SubrequestOutput.checkJson(warnings, dockerfile.name(), source(dockerfile), out);
            return warnings.isEmpty() ? ExitStatus.OK : ExitStatus.FAILED;
        }
        if (warnings.isEmpty()) {
            out.println("Check complete, no warnings found.");
            out.flush();
            return ExitStatus.OK;
        }
        out.println("Check complete, " + warnings.size() + (warnings.size() == 1 ? " warning has" : " warnings have")
                + " been found!");
        for (LintWarning warning : warnings) {
            int line = warning.range().startLine();
            out.println();
            out.println("WARNING: " + warning.rule() + LintRule.named(warning.rule()).map(r -> " - " + r.url()).orElse(""));
            out.println(warning.message());
            out.println(dockerfile.name() + ":" + line);
            out.println("--------------------");
            out.printf("%4d | %s%n", line, dockerfile.line(line));
            out.println("--------------------");
        }
        out.flush();
        return ExitStatus.FAILED;
    }
}
