package dev.jbuild.core.plan;

import dev.jbuild.core.error.BuildException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.image.ContainerConfig;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.Platform;
import dev.jbuild.core.image.RootFs;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileParser;
import dev.jbuild.grammar.instruction.DockerfileCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final Platform AMD64 = Platform.parse("linux/amd64");

    /** A base image whose config sets PATH, a WORKDIR, a CMD and ONBUILD, as real images do. */
    private static ImageConfig base(String reference) {
        ContainerConfig config = new ContainerConfig(null, null, List.of("PATH=/base/bin", "FROM_BASE=yes"),
                null, List.of("base-cmd"), null, "/srv", null, null, null, null, null, null, null, null);
        return new ImageConfig(null, null, "amd64", "linux", null, null, null, config, RootFs.of(List.of()), null, null);
    }

    private static BuildPlan plan(String text, Map<String, String> args, String target) throws Exception {
        Dockerfile dockerfile = new DockerfileParser("Dockerfile").parse(text);
        var definition = DockerfileCheck.run(dockerfile).definition();
        return new Planner(definition, dockerfile.escape(), new BuildArguments(args, AMD64, AMD64), PlannerTest::base)
                .plan(Optional.ofNullable(target));
    }

    private static FilesystemStep.Run run(PlannedStage stage, int instruction) {
        return (FilesystemStep.Run) stage.instructions().get(instruction).step().orElseThrow();
    }

    private static List<String> history(BuildPlan plan) {
        return plan.targetStage().instructions().stream()
                .map(i -> i.createdBy().orElse("(none)")).toList();
    }

    /**
     * In a cross build for arm64, {@code FROM --platform=$BUILDPLATFORM} plans the stage, and a stage
     * built on it, for the build's platform, with that platform's base configs; the target's
     * platform spelled differently ({@code linux/aarch64}) is the target's own.
     */
    @Test
    void fromPlatformPlansTheStageAndItsChildrenForThatPlatform() throws Exception {
        String text = """
                FROM --platform=$BUILDPLATFORM tools AS native
                RUN make
                FROM native AS more
                FROM --platform=linux/aarch64 runtime AS same
                FROM same
                COPY --from=more /out /out
                """;
        Dockerfile dockerfile = new DockerfileParser("Dockerfile").parse(text);
        Platform arm64 = Platform.parse("linux/arm64");
        List<String> asked = new java.util.ArrayList<>();
        BaseImageConfigs configs = new BaseImageConfigs() {
            @Override
            public ImageConfig configOf(String reference) {
                asked.add(reference + " for the target");
                return base(reference);
            }

            @Override
            public BaseImageConfigs forPlatform(Platform platform) {
                return reference -> {
                    asked.add(reference + " for " + platform);
                    return base(reference);
                };
            }
        };
        BuildPlan plan = new Planner(DockerfileCheck.run(dockerfile).definition(), dockerfile.escape(),
                new BuildArguments(Map.of(), arm64, AMD64), configs).plan(Optional.empty());
        List<Optional<Platform>> platforms = plan.ordered().stream().map(PlannedStage::platform).toList();
        assertEquals(List.of(Optional.of(AMD64), Optional.of(AMD64), Optional.<Platform>empty(), Optional.<Platform>empty()),
                platforms);
        assertEquals(List.of("tools for linux/amd64", "runtime for the target"), asked);
    }

    @Test
    void historyTextsAreBuildkits() throws Exception {
        String text = """
                FROM img
                ARG foo=bar
                ARG bar=123
                ARG foo=bar2
                ARG none
                ENV greeting="hello world" copy=$foo
                LABEL lbl=val
                RUN ls /etc/
                EXPOSE 2375 5000 1234/udp
                VOLUME /data /logs
                SHELL ["/bin/sh", "-ec"]
                CMD echo "hi"
                ENTRYPOINT ["/bin/app", "--flag"]
                HEALTHCHECK --interval=90s --timeout=1500ms CMD check
                STOPSIGNAL SIGKILL
                USER $bar
                MAINTAINER someone
                ONBUILD RUN echo later
                WORKDIR /
                WORKDIR app
                COPY --from=other --chown=1:2 --chmod=0600 a $foo /dest/
                ADD <<EOT x.txt
                body
                EOT
                """;
        BuildPlan plan = plan(text.replace("COPY --from=other", "COPY --from=img"), Map.of(), null);
        assertEquals(List.of(
                "ARG foo=bar",
                "ARG bar=123",
                "ARG foo=bar2",
                "ARG none",
                "ENV greeting=hello world copy=bar2",
                "LABEL lbl=val",
                "RUN |3 foo=bar2 bar=123 none= /bin/sh -c ls /etc/ # buildkit",
                "EXPOSE [1234/udp 2375/tcp 5000/tcp]",
                "VOLUME [/data /logs]",
                "SHELL [/bin/sh -ec]",
                "CMD [\"/bin/sh\" \"-ec\" \"echo \\\"hi\\\"\"]",
                "ENTRYPOINT [\"/bin/app\" \"--flag\"]",
                "HEALTHCHECK {Test:[CMD-SHELL check] Interval:1m30s Timeout:1.5s StartPeriod:0s StartInterval:0s Retries:0}",
                "STOPSIGNAL SIGKILL",
                "USER 123",
                "MAINTAINER someone",
                "(none)",
                "WORKDIR /",
                "WORKDIR /app",
                "COPY --chown=1:2 --chmod=0600 a bar2 /dest/ # buildkit",
                "ADD <<EOT x.txt # buildkit"), history(plan));
    }

    @Test
    void workdirOfTheRootMakesNoDirectoryStep() throws Exception {
        PlannedStage stage = plan("FROM img\nWORKDIR /\nWORKDIR /x\n", Map.of(), null).targetStage();
        assertTrue(stage.instructions().get(0).step().isEmpty());
        assertTrue(stage.instructions().get(1).step().isPresent());
    }

    @Test
    void envLineSeesValuesFromBeforeTheLineAndEnvWinsOverArg() throws Exception {
        BuildPlan plan = plan("FROM img\nARG A=arg\nENV A=one B=$A\nENV C=$A\nRUN echo\n", Map.of(), null);
        List<String> env = plan.targetStage().config().env();
        assertTrue(env.contains("B=arg"), env.toString());
        assertTrue(env.contains("C=one"), env.toString());
        assertTrue(env.contains("PATH=/base/bin"), env.toString());
    }

    @Test
    void anArgAfterAnEnvOfTheSameNameIsWhatLaterStepsSeeButNotTheImage() throws Exception {
        // BuildKit's dispatchArg adds a valued ARG to the state's environment: the later writer wins
        BuildPlan plan = plan("FROM img\nENV A=env\nARG A=arg\nENV B=$A\nRUN echo\nARG A\nRUN echo\n",
                Map.of(), null);
        PlannedStage stage = plan.targetStage();
        assertTrue(run(stage, 3).env().contains("A=arg"), run(stage, 3).env().toString());
        assertTrue(run(stage, 5).env().contains("A=arg"), "an ARG without a value changes nothing");
        assertTrue(stage.config().env().contains("A=env"), stage.config().env().toString());
        assertTrue(stage.config().env().contains("B=arg"), stage.config().env().toString());
        BuildPlan given = plan("FROM img\nENV A=env\nARG A\nRUN echo\n", Map.of("A", "cli"), null);
        assertTrue(run(given.targetStage(), 2).env().contains("A=cli"), run(given.targetStage(), 2).env().toString());
    }

    @Test
    void aRunWithoutACommandRunsTheShellWithAnEmptyScript() throws Exception {
        BuildPlan plan = plan("FROM img\nRUN\nRUN --network=none\n", Map.of(), null);
        assertEquals(List.of("/bin/sh", "-c", ""), run(plan.targetStage(), 0).argv());
        assertEquals(List.of("/bin/sh", "-c", ""), run(plan.targetStage(), 1).argv());
    }

    @Test
    void globalArgIsSeenByFromButByAStageOnlyWhenDeclaredAgain() throws Exception {
        BuildPlan plan = plan("ARG BASE=img\nARG V=1\nFROM ${BASE}\nRUN echo $V\nARG V\nENV W=$V\n",
                Map.of(), null);
        PlannedStage stage = plan.targetStage();
        assertEquals(new StageBase.Image("img"), stage.base());
        assertFalse(run(stage, 0).env().stream().anyMatch(e -> e.startsWith("V=")), run(stage, 0).env().toString());
        assertTrue(stage.config().env().contains("W=1"), stage.config().env().toString());
    }

    @Test
    void buildArgOverridesDefaultsAndReachesRunAsEnvironment() throws Exception {
        BuildPlan plan = plan("FROM img\nARG MODE=debug\nRUN make $MODE\n", Map.of("MODE", "release"), null);
        FilesystemStep.Run step = run(plan.targetStage(), 1);
        assertEquals(List.of("/bin/sh", "-c", "make $MODE"), step.argv());
        assertTrue(step.env().contains("MODE=release"), step.env().toString());
    }

    /** BuildKit's proxyEnvFromBuildArgs: every RUN gets them in both cases, undeclared, outside history and key. */
    @Test
    void proxyBuildArgsReachEveryRunInBothCasesButNotTheEnvOrHistory() throws Exception {
        Map<String, String> args = Map.of("https_proxy", "http://p:3128", "NO_PROXY", "localhost", "OTHER", "x");
        BuildPlan plan = plan("FROM img\nRUN fetch\n", args, null);
        FilesystemStep.Run step = run(plan.targetStage(), 0);
        assertEquals(List.of("HTTPS_PROXY=http://p:3128", "https_proxy=http://p:3128", "NO_PROXY=localhost",
                "no_proxy=localhost"), step.proxyEnv());
        assertFalse(step.env().stream().anyMatch(e -> e.toLowerCase(java.util.Locale.ROOT).contains("proxy")),
                step.env().toString());
        assertTrue(step.environment().containsAll(step.proxyEnv()));
        assertEquals(List.of("RUN /bin/sh -c fetch # buildkit"), history(plan));
        assertFalse(plan.targetStage().config().env().toString().contains("proxy"));
    }

    @Test
    void targetPlansOnlyTheStagesItNeeds() throws Exception {
        String text = "FROM img AS a\nRUN a\nFROM img AS unused\nRUN u\nFROM a AS b\nCOPY --from=0 /x /y\nFROM img AS c\n";
        BuildPlan plan = plan(text, Map.of(), "b");
        assertEquals(List.of(0, 2), plan.ordered().stream().map(PlannedStage::index).toList());
        assertEquals(new StageBase.Stage(0), plan.targetStage().base());
        assertEquals(java.util.Set.of(0), plan.targetStage().dependencies());
    }

    @Test
    void unknownTargetNamesTheStages() {
        BuildException e = assertThrows(BuildException.class, () -> plan("FROM img AS a\nFROM img AS b\n", Map.of(), "c"));
        assertTrue(e.getMessage().contains("\"c\" could not be found") && e.getMessage().contains("a, b"), e.getMessage());
    }

    @Test
    void workdirIsRelativeToThePreviousOneAndCopyDestinationsToIt() throws Exception {
        BuildPlan plan = plan("FROM img\nWORKDIR app\nWORKDIR ../lib/./x\nCOPY a b/ \nCOPY c .\n", Map.of(), null);
        PlannedStage stage = plan.targetStage();
        assertEquals("/srv/lib/x", stage.config().workingDir());
        assertEquals("/srv/app", ((FilesystemStep.Mkdir) stage.instructions().get(0).step().orElseThrow()).path());
        assertEquals("/srv/lib/x/b/", ((FilesystemStep.Copy) stage.instructions().get(2).step().orElseThrow()).destination());
        assertEquals("/srv/lib/x/", ((FilesystemStep.Copy) stage.instructions().get(3).step().orElseThrow()).destination());
    }

    @Test
    void entrypointResetsInheritedCmdButNotOneSetInTheStage() throws Exception {
        assertNull(plan("FROM img\nENTRYPOINT [\"/e\"]\n", Map.of(), null).targetStage().config().cmd());
        assertEquals(List.of("c"), plan("FROM img\nCMD [\"c\"]\nENTRYPOINT [\"/e\"]\n", Map.of(), null)
                .targetStage().config().cmd());
        assertEquals(List.of("/bin/sh", "-c", "run me"), plan("FROM img\nCMD run me\n", Map.of(), null)
                .targetStage().config().cmd());
    }

    @Test
    void heredocOnlyRunExecutesItsBodyWithTheShell() throws Exception {
        BuildPlan plan = plan("FROM img\nSHELL [\"/bin/bash\", \"-c\"]\nRUN <<EOF\necho one\necho two\nEOF\n", Map.of(), null);
        assertEquals(List.of("/bin/bash", "-c", "echo one\necho two\n"), run(plan.targetStage(), 1).argv());
    }

    @Test
    void scratchStageGetsTheDefaultPath() throws Exception {
        BuildPlan plan = plan("FROM scratch\nCOPY a /a\n", Map.of(), null);
        assertEquals(new StageBase.Scratch(), plan.targetStage().base());
        assertEquals(List.of(Planner.DEFAULT_PATH), plan.targetStage().config().env());
        assertEquals("/", plan.targetStage().config().workingDir());
    }

    @Test
    void exposeAddsTcpAndLabelsExpand() throws Exception {
        BuildPlan plan = plan("FROM img\nARG V=2\nEXPOSE 80 53/UDP\nLABEL version=$V\n", Map.of(), null);
        assertEquals(java.util.Set.of("80/tcp", "53/udp"), plan.targetStage().config().exposedPorts());
        assertEquals(Map.of("version", "2"), plan.targetStage().config().labels());
    }

    @Test
    void platformArgumentsArePredefined() throws Exception {
        BuildPlan plan = plan("FROM img\nARG TARGETARCH\nRUN echo $TARGETARCH\n", Map.of(), null);
        assertTrue(run(plan.targetStage(), 1).env().contains("TARGETARCH=amd64"));
    }

    @Test
    void onbuildTriggersOfTheBaseStageRunFirstAndAreNotInherited() throws Exception {
        BuildPlan plan = plan("FROM img AS parent\nONBUILD RUN echo triggered\nONBUILD ENV T=1\nFROM parent\nRUN echo own\n",
                Map.of(), null);
        PlannedStage child = plan.targetStage();
        assertEquals(List.of("/bin/sh", "-c", "echo triggered"), run(child, 0).argv());
        assertEquals(List.of("/bin/sh", "-c", "echo own"), run(child, 2).argv());
        assertTrue(child.config().env().contains("T=1"));
        assertNull(child.config().onBuild());
        assertEquals(List.of("RUN echo triggered", "ENV T=1"), plan.stage(0).config().onBuild());
    }

    @Test
    void anEnvThatDoublesThirtyTimesIsAPositionedErrorNotAnOutOfMemoryError() {
        String dockerfile = "FROM img\nENV A=0123456789abcdef\n" + "ENV A=$A$A\n".repeat(29);
        BuildException e = assertThrows(BuildException.class, () -> plan(dockerfile, Map.of(), null));
        assertEquals("ENV A expands to more than 1 MiB", e.getMessage());
        // 16 characters doubled 16 times is 1 MiB; the 17th doubling, on line 19, is one too many.
        assertEquals(19, e.range().orElseThrow().startLine());
    }

    @Test
    void manyLargeVariablesTogetherAreLimitedToo() {
        StringBuilder dockerfile = new StringBuilder("FROM img\nENV A=0123456789abcdef\n");
        for (int i = 0; i < 16; i++) {
            dockerfile.append("ENV A=$A$A\n");
        }
        for (int i = 0; i < 20; i++) {
            dockerfile.append("ENV V").append(i).append("=$A\n");
        }
        BuildException e = assertThrows(BuildException.class, () -> plan(dockerfile.toString(), Map.of(), null));
        assertTrue(e.getMessage().startsWith("ENV V14 makes the stage's environment larger than 16 MiB"), e.getMessage());
    }

    @Test
    void runMountsNetworkAndHeredocsBecomePlanRecords() throws Exception {
        BuildPlan plan = plan("""
                FROM img AS a
                FROM img
                ARG ID=deps
                RUN --network=none --mount=type=cache,id=$ID,target=/c,uid=1000 --mount=type=bind,from=a,source=/s,target=/t make
                COPY <<EOF /note
                id $ID
                EOF
                """, Map.of(), null);
        FilesystemStep.Run step = run(plan.targetStage(), 1);
        assertEquals(dev.jbuild.core.exec.NetworkMode.NONE, step.network());
        RunMountSpec cache = step.mounts().get(0);
        assertEquals(RunMountSpec.Type.CACHE, cache.type());
        assertEquals("deps", cache.id(), "mount options are expanded");
        assertEquals(java.util.OptionalLong.of(1000), cache.uid());
        assertFalse(cache.readOnly(), "a cache mount is writable by default");
        RunMountSpec bind = step.mounts().get(1);
        assertEquals(new CopySource.Stage(0), bind.from());
        assertEquals("/s", bind.source());
        assertTrue(bind.readOnly(), "a bind mount is read-only by default");
        assertEquals(java.util.Set.of(0), step.stagesRead());
        FilesystemStep.Copy copy = (FilesystemStep.Copy) plan.targetStage().instructions().get(2).step().orElseThrow();
        assertEquals(List.of(new HeredocFile("EOF", "id deps\n")), copy.heredocs());
    }
}
