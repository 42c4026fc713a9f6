package dev.jbuild.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    private static Dockerfile parse(String text) throws DockerfileException {
        return new DockerfileParser("Dockerfile").parse(text);
    }

    private static String dump(String text) throws DockerfileException {
        return BuildkitDump.of(parse(text));
    }

    @Test
    void keywordsAreCaseInsensitiveAndDumpedLowercase() throws Exception {
        assertEquals("(from \"a\")\n(run \"x\")\n(workdir \"/w\")\n", dump("FrOm a\nrun x\nWORKDIR /w\n"));
    }

    @Test
    void heredocBodyIsReadAndNotParsedAsInstructions() throws Exception {
        Dockerfile file = parse("FROM a\nRUN <<EOF\nFROM b\n# not a comment\nEOF\nCMD x\n");
        assertEquals("(from \"a\")\n(run \"<<EOF\")\n(cmd \"x\")\n", BuildkitDump.of(file));
        Instruction run = file.instructions().get(1);
        assertEquals(List.of(new Heredoc("EOF", "FROM b\n# not a comment\n", true, false, 0)), run.heredocs());
        assertEquals(new SourceRange(2, 1, 5), run.range());
    }

    @Test
    void severalHeredocsOnOneLineAreReadInOrder() throws Exception {
        Instruction copy = parse("FROM a\nCOPY <<one <<two /dest/\n1\none\n2\ntwo\n").instructions().get(1);
        assertEquals(List.of("one", "two"), copy.heredocs().stream().map(Heredoc::name).toList());
        assertEquals(List.of("1\n", "2\n"), copy.heredocs().stream().map(Heredoc::content).toList());
    }

    @Test
    void quotedHeredocNameTurnsOffExpansionAndDashStripsTabsFromTerminator() throws Exception {
        Instruction run = parse("FROM a\nRUN <<-\"EOT\" 3<<'X'\n\tbody\n\tEOT\nx\nX\n").instructions().get(1);
        Heredoc first = run.heredocs().get(0);
        assertEquals("EOT", first.name());
        assertFalse(first.expand());
        assertTrue(first.chomp());
        assertEquals("\tbody\n", first.content());
        assertEquals(3, run.heredocs().get(1).fileDescriptor());
    }

    @Test
    void heredocInJsonFormOrOtherInstructionIsPlainText() throws Exception {
        assertEquals("(from \"a\")\n(run \"<<EOF\")\n(env \"A\" \"<<EOF\" \"=\")\n",
                dump("FROM a\nRUN [\"<<EOF\"]\nENV A=<<EOF\n"));
    }

    @Test
    void onbuildHeredocBelongsToTheTrigger() throws Exception {
        Instruction onbuild = parse("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n").instructions().get(1);
        assertEquals("echo hi\n", onbuild.trigger().heredocs().get(0).content());
        assertEquals(4, onbuild.range().endLine());
    }

    @Test
    void unterminatedHeredocNamesTheLineWhereItBegan() {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> parse("FROM a\n\nRUN <<EOF\necho\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("Dockerfile:3"), e.getMessage());
        assertTrue(e.getMessage().contains("unterminated heredoc"), e.getMessage());
    }

    @Test
    void backtickEscapeDirectiveChangesLineContinuation() throws Exception {
        Dockerfile file = parse("# escape=`\nFROM a\nRUN dir c:\\ `\n  && echo\n");
        assertEquals('`', file.escape());
        assertEquals("(from \"a\")\n(run \"dir c:\\\\   && echo\")\n", BuildkitDump.of(file));
    }

    @Test
    void directiveTwiceIsAnErrorAtItsLine() {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> parse("# escape=`\n# ESCAPE=\\\nFROM a\n"));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("only one escape"), e.reason());
    }

    @Test
    void badEscapeDirectiveValueIsRejected() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("# escape=x\nFROM a\n"));
        assertEquals(1, e.line());
        assertEquals(10, e.column());
    }

    @Test
    void directivesAfterAnInstructionAreComments() throws Exception {
        Dockerfile file = parse("# syntax=docker/dockerfile:1\nFROM a\n# escape=`\nRUN a \\\n b\n");
        assertEquals(List.of(new Directive("syntax", "docker/dockerfile:1", 1)), file.directives());
        assertEquals("(from \"a\")\n(run \"a  b\")\n", BuildkitDump.of(file));
    }

    @Test
    void commentsAndBlankLinesInsideContinuationAreSkippedAndBlankOnesWarned() throws Exception {
        Dockerfile file = parse("FROM a\nRUN a \\\n# comment\n\n  b\n");
        assertEquals("(from \"a\")\n(run \"a   b\")\n", BuildkitDump.of(file));
        assertEquals(List.of(4), file.warnings().stream().map(ParseWarning::line).toList());
        assertEquals(new SourceRange(2, 1, 5), file.instructions().get(1).range());
    }

    @Test
    void crlfLineEndingsAndByteOrderMarkAreAccepted() throws Exception {
        assertEquals("(from \"a\")\n(run \"b c\")\n", dump("\uFEFFFROM a\r\nRUN b \\\r\nc\r\n"));
    }

    @Test
    void invalidJsonFallsBackToShellFormButNestedJsonIsAnError() throws Exception {
        assertEquals("(from \"a\")\n(cmd \"[\\\"a\\\", 'b']\")\n", dump("FROM a\nCMD [\"a\", 'b']\n"));
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> parse("FROM a\nCMD [\"a\", [\"b\"]]\n"));
        assertEquals(2, e.line());
        assertEquals(11, e.column());
    }

    @Test
    void envWithoutValueIsRejectedAtItsPosition() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("FROM a\n  ENV PATH\n"));
        assertEquals(2, e.line());
        assertTrue(e.describe().contains(" 2 |   ENV PATH\n"), e.describe());
        assertTrue(e.describe().endsWith("^"), e.describe());
    }

    @Test
    void flagsKeepTheirOrderAndLoseTheirQuotes() throws Exception {
        Instruction copy = parse("FROM a\nCOPY --from=\"build\" --chown='1:2' -- --weird /d\n").instructions().get(1);
        assertEquals(List.of("--from=build", "--chown=1:2"), copy.flags());
        assertEquals(List.of("--weird", "/d"), copy.arguments());
    }

    @Test
    void unknownKeywordIsKeptWithAnEmptyArgument() throws Exception {
        assertEquals("(from \"a\")\n(frobnicate \"\")\n", dump("FROM a\nFROBNICATE x y\n"));
    }

    @Test
    void positionsPointAtTheInstructionStart() throws Exception {
        Instruction run = parse("FROM a\n\n   RUN x\n").instructions().get(1);
        assertEquals(new SourceRange(3, 4, 3), run.range());
    }

    @Test
    void emptyFileHasNoInstructions() {
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("# just a comment\n\n"));
        assertTrue(e.reason().contains("no instructions"), e.reason());
    }

    @Test
    void continuationAtEndOfFileEndsTheInstruction() throws Exception {
        assertEquals("(from \"a\")\n(run \"b\")\n", dump("FROM a\nRUN b\\"));
    }

    @Test
    void tooLongLineIsRejected() {
        String line = "RUN " + "x".repeat(DockerfileParser.MAX_LINE_BYTES);
        DockerfileException e = assertThrows(DockerfileException.class, () -> parse("FROM a\n" + line + "\n"));
        assertEquals(2, e.line());
    }

    @Test
    void characterThatIsNotTheEscapeEndsTheLineAsText() throws Exception {
        assertEquals("(from \"a\")\n(` \"\")\n", dump("FROM a\n`\n"));
        assertEquals("(from \"a\" \"\\\\\")\n", dump("# escape=`\nFROM a \\\n"));
        assertEquals("(from \"a\")\n(run \"x \\\\\\\\\")\n", dump("FROM a\nRUN x \\\\\n"));
    }
}
