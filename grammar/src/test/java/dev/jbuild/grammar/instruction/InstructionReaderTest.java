package dev.jbuild.grammar.instruction;

import static dev.jbuild.grammar.instruction.Dockerfiles.command;
import static dev.jbuild.grammar.instruction.Dockerfiles.commands;
import static dev.jbuild.grammar.instruction.Dockerfiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.grammar.SourceRange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each instruction reads as when it is right. */
class InstructionReaderTest {

    @Test
    void argsBeforeTheFirstFromAreGlobalAndStagesGroupTheirCommands() throws Exception {
        BuildDefinition definition = read("""
                ARG BASE=alpine
                ARG TAG
                FROM $BASE:$TAG AS build
                RUN make
                FROM scratch
                COPY --from=build /out /
                """);
        assertEquals(2, definition.metaArgs().size());
        assertEquals(List.of(new ArgDefinition("BASE", Optional.of("alpine"))),
                definition.metaArgs().get(0).arguments());
        assertEquals(List.of(new ArgDefinition("TAG", Optional.empty())), definition.metaArgs().get(1).arguments());
        assertEquals(2, definition.stages().size());
        Stage build = definition.stages().get(0);
        assertEquals(Optional.of("build"), build.name());
        assertEquals("$BASE:$TAG", build.baseImage());
        assertEquals(new SourceRange(3, 1, 3), build.range());
        assertInstanceOf(RunCommand.class, build.commands().get(0));
        Stage last = definition.stages().get(1);
        assertEquals(Optional.empty(), last.name());
        assertInstanceOf(CopyCommand.class, last.commands().get(0));
        assertEquals(build, definition.stage("BUILD").orElseThrow());
    }

    @Test
    void stageNamesAreLowerCasedAndAsIsCaseInsensitive() throws Exception {
        BuildDefinition definition = read("FROM alpine as Builder\nFROM alpine As other\n");
        assertEquals(Optional.of("builder"), definition.stages().get(0).name());
        assertEquals(Optional.of("other"), definition.stages().get(1).name());
    }

    @Test
    void fromKeepsItsPlatformAsWritten() throws Exception {
        Stage stage = read("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n").stages().get(0);
        assertEquals(Optional.of("$BUILDPLATFORM"), stage.platform());
        assertEquals("golang:1.22", stage.baseImage());
    }

    @Test
    void laterStageWithTheSameNameIsTheOneFoundByName() throws Exception {
        BuildDefinition definition = read("FROM alpine AS x\nFROM busybox AS x\n");
        assertEquals("busybox", definition.stage("x").orElseThrow().baseImage());
    }

    @Test
    void commandsKeepKeywordTextAndRange() throws Exception {
        Command run = commands("FROM alpine\n  run echo \\\n  hi\n").get(0);
        assertEquals("run", run.keyword());
        assertEquals("run echo   hi", run.origin().text());
        assertEquals(new SourceRange(2, 3, 3), run.range());
    }

    @Test
    void runShellFormIsOneStringAndExecFormIsTheArray() throws Exception {
        RunCommand shell = command("FROM a\nRUN apt-get update && apt-get install -y curl\n", RunCommand.class);
        assertEquals(CommandLine.shell("apt-get update && apt-get install -y curl"), shell.command());
        RunCommand exec = command("FROM a\nRUN [\"make\", \"all\"]\n", RunCommand.class);
        assertEquals(CommandLine.exec(List.of("make", "all")), exec.command());
        assertEquals(NetworkMode.DEFAULT, exec.network());
        assertEquals(SecurityMode.SANDBOX, exec.security());
        assertTrue(exec.mounts().isEmpty());
    }

    @Test
    void runKeepsItsHeredocs() throws Exception {
        RunCommand run = command("FROM a\nRUN <<EOF\necho hi\nEOF\n", RunCommand.class);
        assertEquals(CommandLine.shell("<<EOF"), run.command());
        assertEquals(1, run.heredocs().size());
        assertEquals("echo hi\n", run.heredocs().get(0).content());
    }

    @Test
    void runFlagsAreTyped() throws Exception {
        RunCommand run = command("FROM a\nRUN --network=none --security=insecure"
                + " --mount=type=cache,target=/root/.cache,id=go,sharing=locked --device=vendor.com/gpu=all,required"
                + " go build\n", RunCommand.class);
        assertEquals(NetworkMode.NONE, run.network());
        assertEquals(SecurityMode.INSECURE, run.security());
        RunMount mount = run.mounts().get(0);
        assertEquals(MountType.CACHE, mount.type());
        assertEquals("/root/.cache", mount.target());
        assertEquals("go", mount.id());
        assertEquals(Optional.of(MountSharing.LOCKED), mount.sharing());
        assertFalse(mount.readOnly());
        assertEquals(List.of(new RunDevice("vendor.com/gpu=all", true)), run.devices());
    }

    @Test
    void cmdAndEntrypointKeepTheirForm() throws Exception {
        List<Command> commands = commands("FROM a\nCMD [\"--help\"]\nENTRYPOINT /bin/app --flag\nCMD\n");
        assertEquals(CommandLine.exec(List.of("--help")), ((CmdCommand) commands.get(0)).command());
        assertEquals(CommandLine.shell("/bin/app --flag"), ((EntrypointCommand) commands.get(1)).command());
        assertEquals(new CommandLine(List.of(), true), ((CmdCommand) commands.get(2)).command());
    }

    @Test
    void copySeparatesPathsHeredocsAndDestination() throws Exception {
        CopyCommand copy = command("FROM a\nCOPY --from=build --chown=app:app --chmod=0755 --link --parents"
                + " --exclude=*.md --exclude=*.txt a b <<-EOF /dest/\n\thello\n\tEOF\n", CopyCommand.class);
        assertEquals(List.of("a", "b"), copy.sources());
        assertEquals(List.of(new HeredocSource("EOF", "hello\n", true)), copy.heredocSources());
        assertEquals("/dest/", copy.destination());
        assertEquals(Optional.of("build"), copy.from());
        assertEquals(Optional.of("app:app"), copy.chown());
        assertEquals(Optional.of("0755"), copy.chmod());
        assertTrue(copy.link());
        assertTrue(copy.parents());
        assertEquals(List.of("*.md", "*.txt"), copy.excludes());
    }

    @Test
    void copyHeredocWithQuotedNameIsNotExpanded() throws Exception {
        CopyCommand copy = command("FROM a\nCOPY <<'EOF' /x\n$HOME\nEOF\n", CopyCommand.class);
        assertEquals(List.of(new HeredocSource("EOF", "$HOME\n", false)), copy.heredocSources());
        assertTrue(copy.sources().isEmpty());
    }

    @Test
    void copyJsonFormTakesTheArray() throws Exception {
        CopyCommand copy = command("FROM a\nCOPY [\"a b\", \"/c d/\"]\n", CopyCommand.class);
        assertEquals(List.of("a b"), copy.sources());
        assertEquals("/c d/", copy.destination());
        assertEquals(Optional.empty(), copy.from());
        assertFalse(copy.link());
    }

    @Test
    void addFlagsAreTypedAndUnsetTriStateFlagsStayEmpty() throws Exception {
        AddCommand add = command("FROM a\nADD --checksum=sha256:" + "a".repeat(64)
                + " --keep-git-dir=false --unpack --link https://example.com/a.tar.gz /x\n", AddCommand.class);
        assertEquals(Optional.of("sha256:" + "a".repeat(64)), add.checksum());
        assertEquals(Optional.of(false), add.keepGitDir());
        assertEquals(Optional.of(true), add.unpack());
        assertTrue(add.link());
        AddCommand plain = command("FROM a\nADD x.tar /x\n", AddCommand.class);
        assertEquals(Optional.empty(), plain.keepGitDir());
        assertEquals(Optional.empty(), plain.unpack());
        assertEquals(Optional.empty(), plain.checksum());
    }

    @Test
    void envAndLabelTellTheLegacyFormApart() throws Exception {
        List<Command> commands = commands("FROM a\nENV A=1 B=\"two words\"\nENV C three words\nLABEL x=y\n");
        assertEquals(List.of(new KeyValue("A", "1", false), new KeyValue("B", "\"two words\"", false)),
                ((EnvCommand) commands.get(0)).variables());
        assertEquals(List.of(new KeyValue("C", "three words", true)), ((EnvCommand) commands.get(1)).variables());
        assertEquals(List.of(new KeyValue("x", "y", false)), ((LabelCommand) commands.get(2)).labels());
    }

    @Test
    void argKeepsDefaultsAsWritten() throws Exception {
        ArgCommand arg = command("FROM a\nARG A B=\"x y\" C=\n", ArgCommand.class);
        assertEquals(List.of(new ArgDefinition("A", Optional.empty()),
                new ArgDefinition("B", Optional.of("\"x y\"")), new ArgDefinition("C", Optional.of(""))),
                arg.arguments());
    }

    @Test
    void singleArgumentInstructionsKeepTheirText() throws Exception {
        List<Command> commands = commands("FROM a\nUSER app:app\nWORKDIR /srv/app\nSTOPSIGNAL SIGQUIT\n"
                + "MAINTAINER Jane <jane@example.com>\n");
        assertEquals("app:app", ((UserCommand) commands.get(0)).user());
        assertEquals("/srv/app", ((WorkdirCommand) commands.get(1)).path());
        assertEquals("SIGQUIT", ((StopSignalCommand) commands.get(2)).signal());
        assertEquals("Jane <jane@example.com>", ((MaintainerCommand) commands.get(3)).maintainer());
    }

    @Test
    void exposePortsAreSortedLikeBuildkit() throws Exception {
        assertEquals(List.of("443", "53/udp", "8080"), command("FROM a\nEXPOSE 8080 443 53/udp\n",
                ExposeCommand.class).ports());
    }

    @Test
    void volumeTakesWordsOrJson() throws Exception {
        assertEquals(List.of("/a", "/b"), command("FROM a\nVOLUME /a /b\n", VolumeCommand.class).volumes());
        assertEquals(List.of("/c"), command("FROM a\nVOLUME [\"/c\"]\n", VolumeCommand.class).volumes());
    }

    @Test
    void shellTakesTheJsonArray() throws Exception {
        assertEquals(List.of("/bin/bash", "-eo", "pipefail", "-c"),
                command("FROM a\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\n", ShellCommand.class).shell());
    }

    @Test
    void healthcheckDurationsParsed() throws Exception {
        HealthcheckCommand check = command("FROM a\nHEALTHCHECK --interval=1m30s --timeout=2.5s"
                + " --start-period=100ms --start-interval=1h --retries=3 CMD curl -f http://localhost/\n",
                HealthcheckCommand.class);
        assertEquals(List.of("CMD-SHELL", "curl -f http://localhost/"), check.test());
        assertEquals(Duration.ofSeconds(90), check.interval());
        assertEquals(Duration.ofMillis(2500), check.timeout());
        assertEquals(Duration.ofMillis(100), check.startPeriod());
        assertEquals(Duration.ofHours(1), check.startInterval());
        assertEquals(3, check.retries());
        assertFalse(check.disabled());
    }

    @Test
    void healthcheckExecFormAndNone() throws Exception {
        HealthcheckCommand exec = command("FROM a\nHEALTHCHECK CMD [\"/probe\", \"-q\"]\n", HealthcheckCommand.class);
        assertEquals(List.of("CMD", "/probe", "-q"), exec.test());
        assertEquals(Duration.ZERO, exec.interval());
        assertEquals(0, exec.retries());
        HealthcheckCommand none = command("FROM a\nhealthcheck none\n", HealthcheckCommand.class);
        assertTrue(none.disabled());
    }

    @Test
    void healthcheckNoneIgnoresFlagsAsBuildkitDoes() throws Exception {
        assertTrue(command("FROM a\nHEALTHCHECK --bogus NONE\n", HealthcheckCommand.class).disabled());
    }

    @Test
    void zeroDurationMeansUnset() throws Exception {
        assertEquals(Duration.ZERO, command("FROM a\nHEALTHCHECK --interval=0s CMD true\n",
                HealthcheckCommand.class).interval());
    }

    @Test
    void onbuildKeepsTheTriggerText() throws Exception {
        OnbuildCommand onbuild = command("FROM a\nONBUILD RUN make\n", OnbuildCommand.class);
        assertEquals("RUN make", onbuild.expression());
        assertEquals("run", onbuild.trigger().name());
    }

    @Test
    void onbuildWithHeredocAppendsTheBodyToTheExpression() throws Exception {
        OnbuildCommand onbuild = command("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n", OnbuildCommand.class);
        assertEquals("RUN <<EOF\necho hi\nEOF", onbuild.expression());
    }

    @Test
    void onbuildTriggerIsCheckedOnlyWhenItFiresLikeBuildkit() throws Exception {
        OnbuildCommand onbuild = command("FROM a\nONBUILD BOGUS x\n", OnbuildCommand.class);
        assertEquals("BOGUS x", onbuild.expression());
    }

    @Test
    void argAndStopsignalIgnoreFlagsAsBuildkitDoes() throws Exception {
        assertEquals(1, command("FROM a\nARG --bogus x\n", ArgCommand.class).arguments().size());
        assertEquals("9", command("FROM a\nSTOPSIGNAL --bogus 9\n", StopSignalCommand.class).signal());
    }

    @Test
    void doubleDashEndsFlags() throws Exception {
        CopyCommand copy = command("FROM a\nCOPY -- --weird-name /x\n", CopyCommand.class);
        assertEquals(List.of("--weird-name"), copy.sources());
    }

    @Test
    void valuesWithVariablesAreLeftForThePlanner() throws Exception {
        RunCommand run = command("FROM a\nRUN --mount=type=$T,target=$DIR,uid=$UID true\n", RunCommand.class);
        RunMount mount = run.mounts().get(0);
        assertEquals("$DIR", mount.target());
        assertEquals("type=$T,target=$DIR,uid=$UID", mount.spec());
        CopyCommand copy = command("FROM a\nCOPY --chmod=$MODE a /b\n", CopyCommand.class);
        assertEquals(Optional.of("$MODE"), copy.chmod());
    }
}
