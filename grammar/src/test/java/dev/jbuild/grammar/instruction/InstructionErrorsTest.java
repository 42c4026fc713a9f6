package dev.jbuild.grammar.instruction;

import static dev.jbuild.grammar.instruction.Dockerfiles.readError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.DockerfileException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each error the instruction layer reports: its words and where it points. */
class InstructionErrorsTest {

    // ---- instructions

    @Test
    void unknownInstructionSuggestsClosestKeyword() throws Exception {
        readError("FROM alpine\nFORM x\n", 2, 1, "unknown instruction: FORM (did you mean FROM?)");
        readError("FROM alpine\ncopyy a b\n", 2, 1, "unknown instruction: copyy (did you mean copy?)");
    }

    @Test
    void unknownInstructionWithoutNeighbourListsTheInstructions() throws Exception {
        readError("FROM alpine\n  BADCMD\n", 2, 3, "unknown instruction: BADCMD;", "ADD, ARG, CMD", "WORKDIR");
    }

    @Test
    void errorMessageNamesFileLineAndColumnAndDescribeShowsCaret() throws Exception {
        DockerfileException e = readError("FROM alpine\nCOPY --fromm=x a b\n", 2, 6, "unknown flag: --fromm");
        assertTrue(e.getMessage().startsWith("Dockerfile:2:6: unknown flag: --fromm"), e.getMessage());
        assertTrue(e.describe().endsWith(" 2 | COPY --fromm=x a b\n   |      ^"), e.describe());
    }

    @Test
    void instructionBeforeFirstFromIsAnError() throws Exception {
        readError("ARG A\nRUN echo\nFROM alpine\n", 2, 1, "no build stage in current context",
                "RUN must come after a FROM");
    }

    @Test
    void fileWithOnlyArgsHasNoStage() throws Exception {
        DockerfileException e = readError("ARG A\n", 0, 0, "dockerfile contains no stages to build", "add a FROM");
        assertEquals("Dockerfile: dockerfile contains no stages to build: add a FROM line"
                + " (only ARG instructions were found)", e.getMessage());
    }

    @Test
    void firstErrorWins() throws Exception {
        readError("FROM a\nRUN --bogus x\nFORM y\n", 2, 5, "unknown flag: --bogus");
    }

    // ---- flags

    @Test
    void copyRejectsUnknownFlagAndNamesIt() throws Exception {
        readError("FROM a\nCOPY --user=me a b\n", 2, 6, "unknown flag: --user;",
                "COPY accepts --chmod, --chown, --exclude, --from, --link, --parents");
    }

    @Test
    void unknownFlagSuggestsTheClosestFlag() throws Exception {
        readError("FROM a\nADD --keep-git-dirs a b\n", 2, 5, "unknown flag: --keep-git-dirs (did you mean --keep-git-dir?)");
        readError("FROM a\nRUN --mont=type=cache,target=/x true\n", 2, 5, "(did you mean --mount?)");
    }

    @Test
    void instructionWithoutFlagsSaysSo() throws Exception {
        readError("FROM a\nENV --x A=b\n", 2, 5, "unknown flag: --x (ENV takes no flags)");
        readError("FROM a\nWORKDIR --x /a\n", 2, 9, "WORKDIR takes no flags");
        readError("FROM a\nONBUILD --x RUN y\n", 2, 9, "ONBUILD takes no flags");
    }

    @Test
    void booleanFlagRejectsOtherValues() throws Exception {
        readError("FROM a\nCOPY --link=yes a b\n", 2, 6, "expecting boolean value for flag --link, not: yes");
        readError("FROM a\nCOPY --link= a b\n", 2, 6, "missing a value on flag: --link");
    }

    @Test
    void booleanFlagAcceptsAnyCaseOfTrueAndFalse() throws Exception {
        assertTrue(Dockerfiles.command("FROM a\nCOPY --link=TRUE a b\n", CopyCommand.class).link());
    }

    @Test
    void stringFlagNeedsAValue() throws Exception {
        readError("FROM a\nCOPY --from a b\n", 2, 6, "missing a value on flag: --from (write --from=VALUE)");
    }

    @Test
    void stringFlagGivenTwiceIsAnError() throws Exception {
        readError("FROM a\nCOPY --from=x --from=y a b\n", 2, 6, "duplicate flag specified: --from");
    }

    @Test
    void flagInsideAContinuationLineIsFound() throws Exception {
        readError("FROM a\nCOPY --chmod=0755 \\\n  --bad b c\n", 3, 3, "unknown flag: --bad");
    }

    // ---- FROM

    @Test
    void fromNeedsOneOrThreeArguments() throws Exception {
        readError("FROM\n", 1, 1, "FROM requires either one or three arguments");
        readError("FROM a AS\n", 1, 1, "FROM requires either one or three arguments");
        readError("FROM a b c\n", 1, 1, "FROM requires either one or three arguments");
    }

    @ParameterizedTest
    @CsvSource({"1stage", "my@stage", "-x", "_x", "st\u00e4ge"})
    void stageNamesMustBeLowercaseValid(String name) throws Exception {
        readError("FROM alpine AS " + name + "\n", 1, 16, "invalid name for build stage: \"" + name + "\"",
                "can't start with a number or contain symbols");
    }

    @Test
    void upperCaseStageNameIsValidButLowerCased() throws Exception {
        assertEquals("my-stage_1.x",
                Dockerfiles.read("FROM a AS My-Stage_1.X\n").stages().get(0).name().orElseThrow());
    }

    @Test
    void fromRejectsFlagsOtherThanPlatform() throws Exception {
        readError("FROM --platfrom=linux/amd64 alpine\n", 1, 6, "unknown flag: --platfrom (did you mean --platform?)");
    }

    @Test
    void constantPlatformMustBeReadable() throws Exception {
        readError("FROM --platform=linux/ alpine\n", 1, 6, "failed to parse platform linux/",
                "\"\" is an invalid component of \"linux/\"");
        readError("FROM --platform=toaster alpine\n", 1, 6, "unknown operating system or architecture");
    }

    // ---- COPY and ADD

    @Test
    void copyAndAddNeedASourceAndADestination() throws Exception {
        readError("FROM a\nCOPY onlyone\n", 2, 1, "COPY requires at least two arguments, but only one was provided");
        readError("FROM a\nADD\n", 2, 1, "ADD requires at least two arguments");
    }

    @Test
    void copyRejectsHeredocAsDestination() throws Exception {
        readError("FROM a\nCOPY file <<EOF\nx\nEOF\n", 2, 11, "COPY cannot accept a heredoc as a destination");
    }

    @Test
    void copyFromRejectsVariables() throws Exception {
        readError("FROM a\nCOPY --from=$STAGE a b\n", 2, 6, "variable expansion is not supported for --from");
    }

    @Test
    void copyRejectsUrlAndGitSources() throws Exception {
        readError("FROM a\nCOPY https://example.com/a.txt /a\n", 2, 6, "source can't be a URL for COPY", "use ADD");
        readError("FROM a\nCOPY git@github.com:org/repo.git /src\n", 2, 6, "source can't be a git ref for COPY");
    }

    @Test
    void chmodMustBeOctalOrSymbolic() throws Exception {
        readError("FROM a\nCOPY --chmod=999 a b\n", 2, 6, "invalid chmod parameter: '999'", "between 0 and 07777");
        readError("FROM a\nADD --chmod=17777 a b\n", 2, 5, "invalid chmod parameter: '17777'");
        readError("FROM a\nCOPY --chmod=rwx a b\n", 2, 6, "invalid chmod parameter: 'rwx'");
        assertEquals("u+x,go-w", Dockerfiles.command("FROM a\nCOPY --chmod=u+x,go-w a b\n", CopyCommand.class)
                .chmod().orElseThrow());
    }

    @Test
    void checksumNeedsOneRemoteSourceAndAValidDigest() throws Exception {
        readError("FROM a\nADD --checksum=sha256:abc a b /c\n", 2, 5, "checksum can't be specified for multiple sources");
        readError("FROM a\nADD --checksum=sha256:abc local.tar /c\n", 2, 5, "checksum requires HTTP(S) or Git sources");
        readError("FROM a\nADD --checksum=sha256:abc https://x.org/f /c\n", 2, 5, "invalid checksum digest sha256:abc");
        assertTrue(Dockerfiles.command("FROM a\nADD --checksum=v1.2 https://github.com/o/r.git /c\n",
                AddCommand.class).checksum().isPresent());
    }

    @Test
    void copyRejectsAddOnlyFlags() throws Exception {
        readError("FROM a\nCOPY --checksum=x a b\n", 2, 6, "unknown flag: --checksum");
        readError("FROM a\nADD --from=x a b\n", 2, 5, "unknown flag: --from");
        readError("FROM a\nADD --parents a b\n", 2, 5, "unknown flag: --parents");
    }

    // ---- ENV, LABEL, ARG and single-argument instructions

    @Test
    void envAndLabelNeedPairs() throws Exception {
        readError("FROM a\nENV\n", 2, 1, "ENV requires at least one argument");
        readError("FROM a\nLABEL\n", 2, 1, "LABEL requires at least one argument");
        readError("FROM a\nENV =x\n", 2, 5, "ENV names can not be blank");
    }

    @Test
    void envWithoutValueIsRejectedByTheParser() {
        DockerfileException e = org.junit.jupiter.api.Assertions.assertThrows(DockerfileException.class,
                () -> Dockerfiles.parse("FROM a\nENV PATH\n"));
        assertEquals(2, e.line());
    }

    @Test
    void argNeedsANameAndNoBlankName() throws Exception {
        readError("FROM a\nARG\n", 2, 1, "ARG requires at least one argument");
        readError("FROM a\nARG ok =x\n", 2, 8, "ARG names can not be blank");
    }

    @ParameterizedTest
    @CsvSource({"USER", "WORKDIR", "MAINTAINER", "STOPSIGNAL"})
    void singleArgumentInstructionsNeedExactlyOne(String keyword) throws Exception {
        readError("FROM a\n" + keyword + "\n", 2, 1, keyword + " requires exactly one argument");
    }

    @Test
    void stopsignalMustNameASignal() throws Exception {
        readError("FROM a\nSTOPSIGNAL SIGBOGUS\n", 2, 12, "Invalid signal: SIGBOGUS");
        readError("FROM a\nSTOPSIGNAL 0\n", 2, 12, "Invalid signal: 0");
        Dockerfiles.read("FROM a\nSTOPSIGNAL term\nSTOPSIGNAL 15\nSTOPSIGNAL SIGRTMIN+3\nSTOPSIGNAL $SIG\n");
    }

    @Test
    void exposeNeedsValidPorts() throws Exception {
        readError("FROM a\nEXPOSE\n", 2, 1, "EXPOSE requires at least one argument");
        readError("FROM a\nEXPOSE 80/tcp 80/xyz\n", 2, 15, "invalid port \"80/xyz\": invalid proto: xyz");
        readError("FROM a\nEXPOSE 70000\n", 2, 8, "invalid containerPort: 70000");
        readError("FROM a\nEXPOSE 9000-8000\n", 2, 8, "invalid containerPort: 9000-8000");
        readError("FROM a\nEXPOSE 1.2.3:80:80\n", 2, 8, "invalid IP address: 1.2.3");
        Dockerfiles.read("FROM a\nEXPOSE 8000-8010/udp $PORT 127.0.0.1:80:80\n");
    }

    @Test
    void volumeNeedsNonEmptyPaths() throws Exception {
        readError("FROM a\nVOLUME\n", 2, 1, "VOLUME requires at least one argument");
        readError("FROM a\nVOLUME [\" \"]\n", 2, 1, "VOLUME specified can not be an empty string");
    }

    // ---- RUN, CMD, SHELL, HEALTHCHECK, ONBUILD

    @Test
    void runNetworkAndSecurityAreChecked() throws Exception {
        readError("FROM a\nRUN --network=bridge true\n", 2, 5, "invalid network mode \"bridge\"",
                "use default, none or host");
        readError("FROM a\nRUN --security=privileged true\n", 2, 5, "security \"privileged\" is not valid");
    }

    @Test
    void shellMustBeJson() throws Exception {
        readError("FROM a\nSHELL /bin/bash -c\n", 2, 1, "SHELL requires the arguments to be in JSON form");
        readError("FROM a\nSHELL []\n", 2, 1, "SHELL requires at least one argument");
    }

    @Test
    void healthcheckRulesAreChecked() throws Exception {
        readError("FROM a\nHEALTHCHECK\n", 2, 1, "HEALTHCHECK requires at least one argument");
        readError("FROM a\nHEALTHCHECK NONE x\n", 2, 1, "HEALTHCHECK NONE takes no arguments");
        readError("FROM a\nHEALTHCHECK CMD\n", 2, 1, "Missing command after HEALTHCHECK CMD");
        readError("FROM a\nHEALTHCHECK CMDD true\n", 2, 13, "Unknown type \"CMDD\" in HEALTHCHECK (try CMD)");
        readError("FROM a\nHEALTHCHECK --intervall=1s CMD true\n", 2, 13, "(did you mean --interval?)");
    }

    @Test
    void healthcheckDurationsAndRetriesAreValidated() throws Exception {
        readError("FROM a\nHEALTHCHECK --interval=5 CMD true\n", 2, 13, "missing unit in duration \"5\"");
        readError("FROM a\nHEALTHCHECK --timeout=1x CMD true\n", 2, 13, "unknown unit \"x\" in duration \"1x\"");
        readError("FROM a\nHEALTHCHECK --start-period=abc CMD true\n", 2, 13, "invalid duration \"abc\"");
        readError("FROM a\nHEALTHCHECK --start-interval=10us CMD true\n", 2, 13,
                "Interval \"start-interval\" cannot be less than 1ms");
        readError("FROM a\nHEALTHCHECK --interval=-1s CMD true\n", 2, 13, "cannot be less than 1ms");
        readError("FROM a\nHEALTHCHECK --retries=x CMD true\n", 2, 13, "invalid value \"x\" for --retries");
        readError("FROM a\nHEALTHCHECK --retries=-1 CMD true\n", 2, 13, "--retries cannot be negative (-1)");
    }

    @Test
    void onbuildCannotWrapFrom() throws Exception {
        readError("FROM a\nONBUILD FROM b\n", 2, 9, "FROM isn't allowed as an ONBUILD trigger");
    }

    @Test
    void onbuildCannotWrapOnbuildOrMaintainer() throws Exception {
        readError("FROM a\nONBUILD ONBUILD RUN x\n", 2, 9, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        readError("FROM a\nONBUILD maintainer me\n", 2, 9, "MAINTAINER isn't allowed as an ONBUILD trigger");
        readError("FROM a\nONBUILD\n", 2, 1, "ONBUILD requires at least one argument");
    }

    @Test
    void errorsInsideOnbuildStayInTheTrigger() throws Exception {
        // BuildKit checks a trigger's own flags only when the trigger runs in a child build.
        assertEquals("COPY --bogus a b",
                Dockerfiles.command("FROM a\nONBUILD COPY --bogus a b\n", OnbuildCommand.class).expression());
    }
}
