package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.lint.LintRule;
import dev.jbuild.grammar.lint.LintWarning;
import static dev.jbuild.grammar.instruction.Dockerfiles.check;
import static dev.jbuild.grammar.instruction.Dockerfiles.findings;
import static dev.jbuild.grammar.instruction.Dockerfiles.parse;
import static dev.jbuild.grammar.instruction.Dockerfiles.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.SourceRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build checks: each rule, and the check directive that tunes them. */
class DockerfileCheckTest {

    @Test
    void cleanDockerfileHasNoFindings() throws Exception {
        DockerfileCheck result = check("""
                FROM golang:1.22 AS build
                WORKDIR /src
                COPY . .
                RUN go build -o /out/app
                FROM scratch
                COPY --from=build /out/app /app
                ENTRYPOINT ["/app"]
                """);
        assertEquals(List.of(), result.warnings());
        assertEquals(2, result.definition().stages().size());
    }

    // ---- parse-time rules

    @Test
    void stageNameCasingWarnsAboutUpperCaseStageNames() throws Exception {
        assertEquals(List.of("2 StageNameCasing: Stage name 'BadName' should be lower case"),
                findings("FROM scratch AS ok\nFROM scratch AS BadName\n"));
    }

    @Test
    void fromAsCasingWantsAsInTheCaseOfFrom() throws Exception {
        assertEquals(List.of("1 FromAsCasing: 'as' and 'FROM' keywords' casing do not match",
                "2 FromAsCasing: 'AS' and 'from' keywords' casing do not match"),
                findings("FROM scratch as a\nfrom scratch AS b\nFROM scratch AS c\n").stream()
                        .filter(f -> f.contains("FromAsCasing")).toList());
    }

    @Test
    void fromAsCasingLeavesMixedCaseKeywordsToConsistentCasing() throws Exception {
        assertEquals(List.of("1 ConsistentInstructionCasing"), rules("From scratch as a\nFROM scratch AS b\n"));
    }

    @Test
    void maintainerIsDeprecated() throws Exception {
        assertEquals(List.of("2 MaintainerDeprecated: The MAINTAINER instruction is deprecated: use LABEL"
                + " org.opencontainers.image.authors=\"…\" instead"), findings("FROM scratch\nMAINTAINER me\n"));
    }

    @Test
    void emptyContinuationLinesAreReportedOncePerInstructionAtItsEnd() throws Exception {
        assertEquals(List.of("6 NoEmptyContinuation"),
                rules("FROM scratch\nCOPY a \\\n\n \\\n\n b\nCOPY c \\\n d\n"));
    }

    // ---- whole-file rules

    @Test
    void consistentInstructionCasingFollowsTheMajority() throws Exception {
        assertEquals(List.of("2 ConsistentInstructionCasing: Command 'copy' should match the case of the command"
                + " majority (uppercase)"), findings("FROM scratch\ncopy a /a\nCOPY b /b\n"));
        assertEquals(List.of("1 ConsistentInstructionCasing: Command 'FROM' should match the case of the command"
                + " majority (lowercase)"), findings("FROM scratch\ncopy a /a\ncopy b /b\n"));
    }

    @Test
    void consistentInstructionCasingCountsOnlyStageInstructionsAndPrefersUpperOnATie() throws Exception {
        assertEquals(List.of("4 ConsistentInstructionCasing"), rules("arg x\narg y\nFROM scratch\ncopy a /a\n"));
    }

    @Test
    void duplicateStageNameIsAWarningAsInBuildkit() throws Exception {
        assertEquals(List.of("2 DuplicateStageName: Duplicate stage name \"b\", stage names should be unique"
                + " (a later stage with the name hides this one)"), findings("FROM scratch AS b\nFROM scratch AS B\n")
                .stream().filter(f -> f.contains("Duplicate")).toList());
    }

    @Test
    void reservedStageNamesAreReported() throws Exception {
        assertEquals(List.of("1 ReservedStageName", "2 ReservedStageName"),
                rules("FROM scratch AS scratch\nFROM scratch AS context\nFROM scratch\n"));
    }

    // ---- FROM lines

    @Test
    void undefinedArgInFromSuggestsDeclaredArgs() throws Exception {
        assertEquals(List.of("1 UndefinedArgInFrom: FROM argument 'BULIDPLATFORM' is not declared (did you mean"
                + " BUILDPLATFORM?)"), findings("FROM --platform=$BULIDPLATFORM scratch\n"));
        assertEquals(List.of("2 UndefinedArgInFrom: FROM argument 'version' is not declared (declare it with ARG"
                + " version before the first FROM)"), findings("ARG tag=latest\nFROM alpine:${tag}${version}\n"));
        assertEquals(List.of("3 UndefinedArgInFrom: FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"),
                findings("ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=${MY_OS}/${MYARCH} busybox\n"));
    }

    @Test
    void declaredAndPredefinedArgsAreFineInFrom() throws Exception {
        assertEquals(List.of(), findings("ARG base=alpine\nFROM $base\n"));
        assertEquals(List.of(), findings("ARG DEBUG\nFROM scra${DEBUG:-tch}\n"));
        assertEquals(List.of(), findings("FROM --platform=$BUILDPLATFORM scratch\n"));
    }

    @Test
    void redundantTargetPlatformIsReported() throws Exception {
        assertEquals(List.of("1 RedundantTargetPlatform: Setting platform to predefined ${TARGETPLATFORM} in FROM"
                + " is redundant as this is the default behavior (remove --platform)"),
                findings("FROM --platform=${TARGETPLATFORM} scratch\n"));
    }

    @Test
    void constantPlatformIsReportedUnlessTheStageIsNamedForIt() throws Exception {
        assertEquals(List.of("1 FromPlatformFlagConstDisallowed"), rules("FROM --platform=linux/amd64 scratch\n"));
        assertEquals(List.of(), rules("FROM --platform=linux/amd64 scratch AS build_amd64\n"));
        assertEquals(List.of(), rules("FROM --platform=linux/arm64 scratch AS linux\n"));
    }

    @Test
    void invalidDefaultArgInFromIsReported() throws Exception {
        assertEquals(List.of("2 InvalidDefaultArgInFrom: Default value for ARG $IMAGE results in empty or invalid"
                + " base image name (give the ARG a default value)"), findings("ARG IMAGE\nFROM $IMAGE\n"));
        assertEquals(List.of("2 InvalidDefaultArgInFrom"), rules("ARG SFX=\"box:\"\nFROM busy${SFX}\n"));
        assertEquals(List.of(), rules("ARG V=\"\"\nFROM busybox:stable${V}\n"));
    }

    // ---- stage commands

    @Test
    void jsonArgsRecommendedForShellFormCmdAndEntrypoint() throws Exception {
        assertEquals(List.of("2 JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended"
                + " behavior related to OS signals (write CMD [\"executable\", \"arg\"])"),
                findings("FROM scratch\nCMD serve\n"));
        assertEquals(List.of("2 JSONArgsRecommended"), rules("FROM scratch\nENTRYPOINT serve\n"));
        assertEquals(List.of(), rules("FROM scratch\nCMD [\"serve\"]\n"));
    }

    @Test
    void jsonArgsNotNeededAfterShellEvenInAnInheritingStage() throws Exception {
        assertEquals(List.of(), rules("FROM scratch\nSHELL [\"/bin/sh\", \"-c\"]\nCMD serve\n"));
        assertEquals(List.of(), rules("FROM scratch AS base\nSHELL [\"/bin/sh\", \"-c\"]\nFROM base\nCMD serve\n"));
        assertEquals(List.of("4 JSONArgsRecommended"),
                rules("FROM scratch AS base\nSHELL [\"/bin/sh\", \"-c\"]\nFROM scratch\nCMD serve\n"));
    }

    @Test
    void multipleInstructionsDisallowedPointsAtTheIgnoredOne() throws Exception {
        assertEquals(List.of(
                "2 MultipleInstructionsDisallowed: Multiple ENTRYPOINT instructions should not be used in the same"
                        + " stage because only the last one will be used",
                "3 MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage"
                        + " because only the last one will be used",
                "4 MultipleInstructionsDisallowed: Multiple HEALTHCHECK instructions should not be used in the same"
                        + " stage because only the last one will be used"),
                findings("FROM scratch\nENTRYPOINT [\"a\"]\nCMD [\"a\"]\nHEALTHCHECK CMD [\"a\"]\n"
                        + "ENTRYPOINT [\"b\"]\nCMD [\"b\"]\nHEALTHCHECK NONE\n"));
    }

    @Test
    void multipleInstructionsAreCountedPerStage() throws Exception {
        assertEquals(List.of(), rules("FROM scratch AS a\nCMD [\"a\"]\nFROM a\nCMD [\"b\"]\n"));
    }

    @Test
    void workdirRelativePathBeforeAnyAbsoluteWorkdir() throws Exception {
        assertEquals(List.of("2 WorkdirRelativePath: Relative workdir \"app/\" can have unexpected results if the"
                + " base image changes (start with an absolute WORKDIR)"), findings("FROM scratch\nWORKDIR app/\n"));
        assertEquals(List.of(), rules("FROM scratch\nWORKDIR /app\nWORKDIR sub\n"));
        assertEquals(List.of(), rules("FROM scratch AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\n"));
        assertEquals(List.of(), rules("FROM scratch\nWORKDIR $HOME/app\n"));
        assertEquals(List.of(), rules("FROM scratch\nWORKDIR \"/quoted\"\n"));
        assertEquals(List.of("2 WorkdirRelativePath"), rules("FROM scratch\nWORKDIR app/$SUB\n"));
    }

    @Test
    void legacyKeyValueFormatForEnvAndLabel() throws Exception {
        assertEquals(List.of(
                "2 LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "3 LegacyKeyValueFormat: \"label key=value\" should be used instead of legacy \"label key value\""
                        + " format"),
                findings("FROM scratch\nENV k v\nlabel k v\nENV a=b\n").stream()
                        .filter(f -> f.contains("Legacy")).toList());
    }

    @Test
    void secretsUsedInArgOrEnvMatchesBuildkitsNamePatterns() throws Exception {
        List<String> found = findings("""
                FROM scratch
                ARG SECRET_PASSPHRASE
                ENV SUPER_Secret=foo
                ENV password=bar secret=baz
                ARG super_duper_secret_token=foo auth=bar
                ENV apikey=bar sunflower=foo
                ENV git_key=
                ENV PUBLIC_KEY=
                ARG public_token
                ARG SECRET_PASSPHRASE_FILE
                ENV password_file=bar secret_File=baz
                ARG AUTH_MODULE_VERSION
                """);
        assertEquals(List.of("2 ARG \"SECRET_PASSPHRASE\"", "3 ENV \"SUPER_Secret\"", "4 ENV \"password\"",
                "4 ENV \"secret\"", "5 ARG \"super_duper_secret_token\"", "5 ARG \"auth\"", "6 ENV \"apikey\"",
                "7 ENV \"git_key\""), found.stream()
                .map(f -> f.substring(0, f.indexOf(' ')) + " " + f.substring(f.indexOf('(') + 1, f.indexOf(')')))
                .toList());
        assertTrue(found.get(0).endsWith("use RUN --mount=type=secret"), found.get(0));
    }

    @Test
    void globalArgsAreNotCheckedForSecretsLikeInBuildkit() throws Exception {
        assertEquals(List.of(), rules("ARG PASSWORD\nFROM scratch\n"));
    }

    @Test
    void exposeProtocolCasingAndInvalidFormat() throws Exception {
        assertEquals(List.of("2 ExposeProtoCasing: Defined protocol '80/TcP' in EXPOSE instruction should be lowercase",
                "2 ExposeProtoCasing: Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase"),
                findings("FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n"));
        assertEquals(List.of("'127.0.0.1:80:80'", "'5000:5000'", "'[::1]:8080:8080'"),
                findings("FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n").stream()
                        .map(f -> f.substring(f.indexOf("found ") + 6, f.indexOf(" (publish"))).toList());
    }

    @Test
    void invalidDefinitionDescriptionIsExperimental() throws Exception {
        String text = "# check=experimental=InvalidDefinitionDescription\n"
                + "# bar this is the bar\nARG foo=bar\n"
                + "# base the base\nFROM scratch AS base\n"
                + "# a remark\n#\nARG bit=bat\n"
                + "# two keys\nARG a=1 b=2\n";
        assertEquals(List.of("3 InvalidDefinitionDescription: The comment above ARG should read `# foo <description>`;"
                + " separate other comments with an empty `#` line",
                "10 InvalidDefinitionDescription: The comment above ARG should read `# <arg_key> <description>`;"
                        + " separate other comments with an empty `#` line"), findings(text));
        assertEquals(List.of(), rules(text.replace("# check=experimental=InvalidDefinitionDescription\n", "\n")));
    }

    // ---- the check directive

    @Test
    void checkDirectiveSkipsNamedRules() throws Exception {
        String text = "FROM scratch as base\ncopy a /a\n";
        assertEquals(List.of("1 FromAsCasing", "2 ConsistentInstructionCasing"), rules(text));
        assertEquals(List.of("2 FromAsCasing"), rules("#check=skip=ConsistentInstructionCasing\n" + text));
        assertEquals(List.of(), rules("# check=skip=ConsistentInstructionCasing,FromAsCasing\n" + text));
        assertEquals(List.of(), rules("# check=skip=all\n" + text));
    }

    @Test
    void checkDirectiveErrorTurnsFindingsIntoAnError() throws Exception {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> check("#check=skip=ConsistentInstructionCasing;error=true\nFROM scratch as base\ncopy a /a\n"));
        assertEquals(2, e.line());
        assertEquals("lint violation found for rules: FromAsCasing (the check directive sets error=true: fix them"
                + " or skip the rules)", e.reason());
        assertEquals(List.of(), rules("#check=skip=all;error=true\nFROM scratch as base\n"));
    }

    @Test
    void unreadableCheckDirectiveIsAnError() throws Exception {
        DockerfileException e = assertThrows(DockerfileException.class, () -> check("# check=skip\nFROM scratch\n"));
        assertEquals("1:3", e.line() + ":" + e.column());
        assertTrue(e.reason().startsWith("failed to parse check options: invalid check option \"skip\""), e.reason());
    }

    @Test
    void checkCommentAboveAnInstructionSkipsRulesForItOnly() throws Exception {
        assertEquals(List.of("5 JSONArgsRecommended"), rules("""
                FROM scratch AS a
                # check=skip=JSONArgsRecommended // we want the shell here
                CMD serve
                FROM scratch
                CMD serve
                """));
        assertEquals(List.of(), rules("FROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me\n"));
        assertEquals(List.of(), rules("FROM scratch\n# check=skip=all\n\nENV password=x\n"));
        assertEquals(List.of("4 SecretsUsedInArgOrEnv"), rules("FROM scratch\n# check=skip=all\n#\nENV password=x\n"));
    }

    @Test
    void findingPointsAtTheWholeInstruction() throws Exception {
        LintWarning warning = check("FROM scratch\n  CMD serve \\\n  --now\n").warnings().get(0);
        assertEquals("JSONArgsRecommended", warning.rule());
        assertEquals(new SourceRange(2, 3, 3), warning.range());
    }

    @Test
    void findingsAreOrderedByLine() throws Exception {
        List<SourceRange> ranges = check("FROM scratch AS A\nMAINTAINER x\nCMD a\nfrom scratch AS b\n").warnings()
                .stream().map(LintWarning::range).toList();
        List<SourceRange> sorted = new ArrayList<>(ranges);
        sorted.sort((x, y) -> Integer.compare(x.startLine(), y.startLine()));
        assertEquals(sorted, ranges);
    }

    @Test
    void findingsBeforeAnErrorReachTheListener() throws Exception {
        List<String> seen = new ArrayList<>();
        assertThrows(DockerfileException.class, () -> DockerfileCheck.run(
                parse("FROM scratch AS BadStageName\nMAINTAINER me\nBADCMD\n"), w -> seen.add(w.rule())));
        assertEquals(List.of("StageNameCasing", "MaintainerDeprecated"), seen);
    }

    @Test
    void everyRuleHasAnOwnDescription() {
        assertTrue(Arrays.stream(LintRule.values()).allMatch(r -> !r.description().isEmpty()
                && !r.description().contains("http") && !r.description().contains("\n")));
    }

    @Test
    void warningFormatsForPlainOutput() {
        assertEquals("Dockerfile:3 JSONArgsRecommended: use JSON",
                new LintWarning("JSONArgsRecommended", "use JSON", new SourceRange(3, 1, 3)).format("Dockerfile"));
    }
}
