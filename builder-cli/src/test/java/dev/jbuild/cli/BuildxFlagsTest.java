package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buildx flags scripts pass to {@code docker build}, on builds that need no sandbox. */
class BuildxFlagsTest {

    @TempDir
    Path dir;

    private Path context(String dockerfile) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        Files.writeString(context.resolve("hello"), "hi\n");
        return context;
    }

    @Test
    void checkReportsWarningsWithTheirLinesAndExitsOne() throws Exception {
        Path ctx = context("FROM scratch AS Build\nCOPY hello /hello\nCMD echo hi\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--check", ctx.toString());
        assertEquals(ExitStatus.FAILED, run.status(), run.err());
        assertTrue(run.out().startsWith("Check complete, 2 warnings have been found!"), run.out());
        assertTrue(run.out().contains("WARNING: StageNameCasing"), run.out());
        assertTrue(run.out().contains("WARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/"
                + "json-args-recommended/\n"), run.out());
        assertTrue(run.out().contains("   3 | CMD echo hi"), run.out());
        assertFalse(Files.exists(dir.resolve("data/blobs")), "--check builds nothing");
    }

    @Test
    void checkOfACleanDockerfileExitsZero() throws Exception {
        Path ctx = context("FROM scratch\nCOPY hello /hello\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--call=check", ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("Check complete, no warnings found.\n", run.out());
    }

    @Test
    void aBuildEndsWithItsWarningsAndAcceptsAttestationFlags() throws Exception {
        Path ctx = context("FROM scratch\nCOPY hello /hello\nCMD echo hi\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--progress=plain",
                "--provenance=false", "--sbom=true", "--allow", "network.host", ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(run.err().contains(" 1 warning found (jbuild check shows the lines):\n"
                + " - JSONArgsRecommended: "), run.err());
        assertTrue(run.err().contains("(line 3)\n"), run.err());
        assertTrue(run.err().contains("WARNING: --sbom: jbuild attaches no SBOM attestation yet"), run.err());
        assertFalse(run.err().contains("--provenance"), run.err());
    }

    @Test
    void quietPrintsNoIdAfterAnArchiveOnStdout() throws Exception {
        Path ctx = context("FROM scratch\nCOPY hello /hello\n");
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "-q", "-o",
                "type=local,dest=" + dir.resolve("files"), ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertTrue(run.out().matches("sha256:[0-9a-f]{64}\n"), run.out());
        assertEquals("hi\n", Files.readString(dir.resolve("files/hello")));
    }

    private static final String OUTLINED = String.join("\n",
            "# BASE the image to start from",
            "ARG BASE=scratch",
            "ARG MINOR=1",
            "# VERSION release version",
            "ARG VERSION=1.${MINOR}",
            "ARG UNUSED=x",
            "",
            "# builder compiles <things>",
            "FROM ${BASE} AS builder",
            "# GOFLAGS flags for go",
            "ARG GOFLAGS=-mod=vendor",
            "RUN --mount=type=secret,id=token,required=true --mount=type=ssh true",
            "",
            "FROM scratch AS unrelated",
            "ARG NOPE",
            "",
            "FROM ${BASE}",
            "ARG VERSION",
            "ARG TAG=v${VERSION}",
            "COPY --from=builder /hello /hello",
            "RUN --mount=type=secret,target=/run/secrets/npmrc true",
            "");

    /** buildx's tables: the used args in line order (a stage ARG without default shows the global one), secrets, SSH. */
    @Test
    void outlinePrintsTheArgsSecretsAndSshTheTargetUses() throws Exception {
        Path ctx = context(OUTLINED);
        CommandRun run = CommandRun.of("build", "--cache-dir", dir.resolve("data").toString(), "--call=outline",
                "--build-arg", "GOFLAGS=-v", ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals(String.join("\n",
                "BUILD ARG   VALUE     DESCRIPTION",
                "BASE        scratch   the image to start from",
                "MINOR       1         ",
                "VERSION     1.1       release version",
                "GOFLAGS     -v        flags for go",
                "TAG         v1.1      ",
                "",
                "SECRET   REQUIRED",
                "token    true",
                "npmrc    ",
                "",
                "SSH       REQUIRED",
                "default   ",
                "", ""), run.out());
        assertFalse(Files.exists(dir.resolve("data/blobs")), "--call=outline builds nothing");

        CommandRun builder = CommandRun.of("build", "--call=outline", "--target", "builder", ctx.toString());
        assertEquals(ExitStatus.OK, builder.status(), builder.err());
        assertTrue(builder.out().startsWith("TARGET:      builder\nDESCRIPTION: compiles <things>\n\nBUILD ARG"),
                builder.out());
        assertFalse(builder.out().contains("TAG"), builder.out());
    }

    @Test
    void targetsListsEveryStageWithItsDescriptionAndTheDefault() throws Exception {
        Path ctx = context(OUTLINED);
        CommandRun run = CommandRun.of("build", "--call=targets", ctx.toString());
        assertEquals(ExitStatus.OK, run.status(), run.err());
        assertEquals("TARGET    DESCRIPTION\nbuilder   compiles <things>\nunrelated \n(default) \n", run.out());
    }

    /** format=json prints BuildKit's result document: fields in its order, locations as line ranges, the source. */
    @Test
    void formatJsonPrintsBuildkitsResultDocuments() throws Exception {
        Path ctx = context(OUTLINED);
        CommandRun outline = CommandRun.of("build", "--call=outline,format=json", "--target=builder", ctx.toString());
        assertEquals(ExitStatus.OK, outline.status(), outline.err());
        assertTrue(outline.out().startsWith("{\n  \"name\": \"builder\",\n  \"description\": \"compiles \\u003cthings\\u003e\",\n"
                + "  \"args\": [\n    {\n      \"name\": \"BASE\",\n      \"description\": \"the image to start from\",\n"
                + "      \"value\": \"scratch\",\n      \"location\": {\n        \"ranges\": [\n          {\n"
                + "            \"start\": {\n              \"line\": 2\n            },"), outline.out());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(outline.out());
        assertEquals("GOFLAGS", tree.at("/args/1/name").asText());
        assertEquals(11, tree.at("/args/1/location/ranges/0/end/line").asInt());
        assertTrue(tree.at("/secrets/0/required").asBoolean());
        assertEquals("default", tree.at("/ssh/0/name").asText());
        assertTrue(tree.at("/ssh/0/required").isMissingNode(), "false is left out, as Go's omitempty does");
        assertEquals(OUTLINED, new String(java.util.Base64.getDecoder().decode(tree.at("/sources/0").asText())));

        CommandRun targets = CommandRun.of("build", "--call=targets,format=json", ctx.toString());
        assertEquals(ExitStatus.OK, targets.status(), targets.err());
        var list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(targets.out());
        assertEquals("builder", list.at("/targets/0/name").asText());
        assertEquals("${BASE}", list.at("/targets/0/base").asText());
        assertTrue(list.at("/targets/2/default").asBoolean());
        assertTrue(list.at("/targets/2/name").isMissingNode());
        assertEquals(17, list.at("/targets/2/location/ranges/0/start/line").asInt());
    }

    /** BuildKit's lint result: ruleName, description, url, detail, location; the source by file name; exit 1. */
    @Test
    void checkWithFormatJsonPrintsBuildkitsLintResult() throws Exception {
        String dockerfile = "FROM scratch AS Build\nCOPY hello /hello\nCMD echo hi\n";
        CommandRun run = CommandRun.of("build", "--call=check,format=json", context(dockerfile).toString());
        assertEquals(ExitStatus.FAILED, run.status(), run.err());
        assertTrue(run.out().startsWith("{\n  \"warnings\": [\n    {\n      \"ruleName\": \"StageNameCasing\",\n"
                + "      \"description\": "), run.out());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals("JSONArgsRecommended", tree.at("/warnings/1/ruleName").asText());
        assertEquals("https://docs.docker.com/go/dockerfile/rule/json-args-recommended/",
                tree.at("/warnings/1/url").asText());
        assertFalse(tree.at("/warnings/1/detail").asText().isEmpty());
        assertEquals(3, tree.at("/warnings/1/location/ranges/0/start/line").asInt());
        assertTrue(tree.at("/warnings/1/location/sourceIndex").isMissingNode(), "index 0 is left out, as omitempty does");
        assertEquals("Dockerfile", tree.at("/sources/0/filename").asText());
        assertEquals("Dockerfile", tree.at("/sources/0/language").asText());
        assertEquals(dockerfile, new String(java.util.Base64.getDecoder().decode(tree.at("/sources/0/data").asText())));

        CommandRun clean = CommandRun.of("build", "--call=check,format=json", context("FROM scratch\n").toString());
        assertEquals(ExitStatus.OK, clean.status(), clean.err());
        assertTrue(clean.out().startsWith("{\n  \"warnings\": null,\n  \"sources\": [\n"), clean.out());
    }

    @Test
    void unknownCallsAndEntitlementsAreUsageErrors() throws Exception {
        Path ctx = context("FROM scratch\n");
        CommandRun call = CommandRun.of("build", "--call=describe", ctx.toString());
        assertEquals(ExitStatus.USAGE, call.status());
        assertTrue(call.err().contains("--call=describe: expected build, check, outline or targets"), call.err());
        CommandRun field = CommandRun.of("build", "--call=outline,colour=red", ctx.toString());
        assertEquals(ExitStatus.USAGE, field.status());
        assertTrue(field.err().contains("invalid print field: colour=red"), field.err());
        CommandRun allow = CommandRun.of("build", "--allow", "device", ctx.toString());
        assertEquals(ExitStatus.USAGE, allow.status());
        assertTrue(allow.err().contains("--allow device: expected network.host or security.insecure"), allow.err());
    }
}
