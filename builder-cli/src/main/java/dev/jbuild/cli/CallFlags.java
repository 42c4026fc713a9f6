package dev.jbuild.cli;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import dev.jbuild.grammar.lint.LintWarning;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * buildx's {@code --call} and {@code --check}, and the attestation flags jbuild accepts so that
 * buildx scripts run: {@code --call=check} evaluates the build checks instead of building.
 */
final class CallFlags {

    @Option(names = "--call", paramLabel = "build|check", defaultValue = "build",
            description = "build (default), or check: evaluate the Dockerfile's build checks without building; exit 1 when one warns")
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

    /** Whether this run only checks; a --call value other than build and check is the user's error. */
    boolean checkOnly(CommandLine cl) {
        for (String entitlement : allow) {
            if (!List.of("network.host", "security.insecure").contains(entitlement)) {
                throw new CommandLine.ParameterException(cl, "--allow " + entitlement
                        + ": expected network.host or security.insecure");
            }
        }
        if (check) {
            return true;
        }
        return switch (call) {
            case "build" -> false;
            case "check" -> true;
            default -> throw new CommandLine.ParameterException(cl, "--call=" + call
                    + ": jbuild supports build and check (outline and targets are not supported yet)");
        };
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
    static int check(Dockerfile dockerfile, PrintWriter out) throws DockerfileException {
        List<LintWarning> warnings = DockerfileCheck.run(dockerfile).warnings();
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
            out.println("WARNING: " + warning.rule());
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
