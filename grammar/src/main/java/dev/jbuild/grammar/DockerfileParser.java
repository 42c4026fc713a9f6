package dev.jbuild.grammar;

import dev.jbuild.grammar.antlr.DockerfileLinesLexer;
import dev.jbuild.grammar.antlr.DockerfileLinesLexer.HeredocTerminator;
import dev.jbuild.grammar.antlr.DockerfileLinesLexer.Segment;
import dev.jbuild.grammar.antlr.DockerfileLinesParser;
import dev.jbuild.grammar.antlr.InstructionParser;
import dev.jbuild.grammar.shell.ShellExpansionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses Dockerfile text into a {@link Dockerfile}: directives, then the physical structure
 * (DockerfileLines grammar), then each logical line (Instruction grammar and
 * {@link InstructionRules}). It accepts exactly what BuildKit's parser accepts; unknown
 * keywords are kept for the instruction layer to reject.
 */
public final class DockerfileParser {

    /** Go's line scanner gives up on longer lines, so BuildKit rejects them. */
    static final int MAX_LINE_BYTES = 65535;

    private final String file;

    /** @param file how errors name the file, such as {@code Dockerfile} */
    public DockerfileParser(String file) {
        this.file = file;
    }

    /** Reads and parses a file; errors name it by its file name. */
    public static Dockerfile parse(Path path) throws IOException, DockerfileException {
        return parse(path, path.getFileName().toString());
    }

    /** Reads and parses a file; errors name it {@code name}, e.g. as the user gave it. */
    public static Dockerfile parse(Path path, String name) throws IOException, DockerfileException {
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        return new DockerfileParser(name).parse(text);
    }

    public Dockerfile parse(String text) throws DockerfileException {
        String source = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = physicalLines(source);
        DirectiveScanner.Result directives = DirectiveScanner.scan(file, lines);
        Run run = new Run(lines, directives.escape());
        List<Instruction> instructions = run.parse(source);
        if (instructions.isEmpty()) {
            throw new DockerfileException(file, Math.max(1, lines.size()), 0,
                    "file with no instructions: a Dockerfile needs at least a FROM", "");
        }
        return new Dockerfile(file, directives.directives(), directives.escape(), instructions,
                run.warnings, lines);
    }

    private List<String> physicalLines(String source) throws DockerfileException {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < source.length()) {
            int nl = source.indexOf('\n', start);
            int end = nl < 0 ? source.length() : nl;
            String line = source.substring(start, end);
            if (line.length() > MAX_LINE_BYTES / 3
                    && line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
                throw new DockerfileException(file, lines.size() + 1, 0,
                        "line is longer than " + MAX_LINE_BYTES + " bytes", "");
            }
            lines.add(stripCarriageReturns(line));
            start = end + 1;
        }
        return lines;
    }

    private static String stripCarriageReturns(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    /** One parse: the lexer calls back at each logical line, so state lives here. */
    private final class Run implements DockerfileLinesLexer.LogicalLineListener {
        private final List<String> lines;
        private final char escape;
        private final List<Instruction> pending = new ArrayList<>();
        private final List<List<HeredocMarkers.Marker>> pendingMarkers = new ArrayList<>();
        private final List<ParseWarning> warnings = new ArrayList<>();
        private final InstructionSyntax syntax = new InstructionSyntax();

        Run(List<String> lines, char escape) {
            this.lines = lines;
            this.escape = escape;
        }

        List<Instruction> parse(String source) throws DockerfileException {
            DockerfileLinesLexer lexer = new DockerfileLinesLexer(CharStreams.fromString(source));
            lexer.setEscape(escape);
            lexer.setLogicalLineListener(this);
            lexer.removeErrorListeners();
            DockerfileLinesParser parser = new DockerfileLinesParser(new CommonTokenStream(lexer));
            parser.removeErrorListeners();
            parser.addErrorListener(InstructionRules.Bail.INSTANCE);
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            DockerfileLinesParser.DockerfileContext tree;
            try {
                tree = parser.dockerfile();
            } catch (Failure failure) {
                throw failure.exception;
            } catch (ParseCancellationException e) {
                int line = lexer.unterminatedHeredocLine();
                if (line > 0) {
                    throw error(line, 0, "unterminated heredoc: no line ends the heredoc that starts here");
                }
                throw new IllegalStateException("Dockerfile line grammar rejected its own tokens: " + e.getMessage(), e);
            }
            for (Integer line : lexer.emptyContinuationLines()) {
                warnings.add(new ParseWarning(line, "empty continuation line (a future Dockerfile "
                        + "frontend may reject it; remove it or end the instruction before it)"));
            }
            return attachHeredocs(tree);
        }

        private List<Instruction> attachHeredocs(DockerfileLinesParser.DockerfileContext tree) {
            List<Instruction> out = new ArrayList<>(pending.size());
            List<DockerfileLinesParser.InstructionContext> contexts = tree.instruction();
            for (int i = 0; i < contexts.size(); i++) {
                DockerfileLinesParser.InstructionContext ctx = contexts.get(i);
                Instruction instruction = pending.get(i);
                List<HeredocMarkers.Marker> markers = pendingMarkers.get(i);
                if (markers.isEmpty()) {
                    out.add(instruction);
                    continue;
                }
                List<Heredoc> docs = new ArrayList<>(markers.size());
                for (int j = 0; j < markers.size(); j++) {
                    HeredocMarkers.Marker marker = markers.get(j);
                    docs.add(new Heredoc(marker.name(), body(ctx.heredoc(j)), marker.expand(),
                            marker.chomp(), marker.fileDescriptor()));
                }
                out.add(instruction.withHeredocs(docs, ctx.getStop().getLine()));
            }
            return out;
        }

        // Each body line keeps its text less one newline (and one carriage return before it).
        private String body(DockerfileLinesParser.HeredocContext heredoc) {
            StringBuilder out = new StringBuilder();
            for (var line : heredoc.HEREDOC_LINE()) {
                String text = line.getText();
                int end = text.endsWith("\n") ? text.length() - 1 : text.length();
                if (end > 0 && text.charAt(end - 1) == '\r') {
                    end--;
                }
                out.append(text, 0, end).append('\n');
            }
            return out.toString();
        }

        @Override
        public List<HeredocTerminator> logicalLine(String text, List<Segment> segments, int endLine) {
            try {
                LogicalLine line = new LogicalLine(text, segments);
                Instruction instruction = instruction(line, 0, text.length(), endLine);
                List<HeredocMarkers.Marker> markers = HeredocMarkers.allowed(instruction) && text.contains("<<")
                        ? heredocMarkers(line)
                        : List.of();
                pending.add(instruction);
                pendingMarkers.add(markers);
                return markers.stream().map(m -> new HeredocTerminator(m.name(), m.chomp())).toList();
            } catch (DockerfileException e) {
                throw new Failure(e);
            }
        }

        private List<HeredocMarkers.Marker> heredocMarkers(LogicalLine line) throws DockerfileException {
            try {
                return HeredocMarkers.find(line.text);
            } catch (ShellExpansionException e) {
                int[] at = line.position(0);
                throw error(at[0], at[1], "cannot read heredoc marker: " + e.getMessage());
            }
        }

        /** Parses text[from, to) of a logical line as one instruction. */
        private Instruction instruction(LogicalLine line, int from, int to, int endLine) throws DockerfileException {
            int start = Whitespace.skipSpace(line.text, from);
            int end = Math.max(start, Math.min(to, trimmedEnd(line.text, to)));
            String text = line.text.substring(start, end);
            int[] at = line.position(start);
            SourceRange range = new SourceRange(at[0], at[1], Math.max(at[0], endLine));
            if (text.isEmpty()) {
                return new Instruction("", List.of(), List.of(""), false, null, List.of(), text, range);
            }
            InstructionParser.InstructionContext ctx;
            try {
                ctx = syntax.parse(text);
            } catch (ParseCancellationException e) {
                throw error(at[0], at[1], "cannot read instruction: " + e.getMessage());
            }
            String keyword = ctx.keyword().getText();
            List<String> flags = ctx.flag().stream().map(f -> FlagText.unquote(f.getText())).toList();
            Token argumentToken = ctx.argumentText() == null ? null : ctx.argumentText().getStart();
            String arguments = argumentToken == null ? "" : argumentToken.getText();
            int argumentOffset = argumentToken == null ? end : start + argumentToken.getStartIndex();
            String name = keyword.toLowerCase(Locale.ROOT);
            if (name.equals("onbuild")) {
                Instruction trigger = arguments.isEmpty()
                        ? null
                        : instruction(line, argumentOffset, end, endLine);
                return new Instruction(keyword, flags, List.of(), false, trigger, List.of(), text, range);
            }
            try {
                InstructionRules.Arguments args = InstructionRules.arguments(name, arguments, escape);
                return new Instruction(keyword, flags, args.values(), args.json(), null, List.of(), text, range);
            } catch (InstructionRules.RuleException e) {
                int[] where = line.position(argumentOffset + e.offset);
                throw error(where[0], where[1], e.getMessage());
            }
        }

        private int trimmedEnd(String text, int to) {
            return Whitespace.trimmedEnd(text.substring(0, to));
        }

        private DockerfileException error(int line, int column, String reason) {
            String source = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
            return new DockerfileException(file, line, column, reason, source);
        }
    }

    /** The joined text of an instruction and where each piece of it came from. */
    private record LogicalLine(String text, List<Segment> segments) {

        /** 1-based line and column of a character of the text. */
        int[] position(int offset) {
            Segment best = segments.get(0);
            for (Segment s : segments) {
                if (s.offset() > offset) {
                    break;
                }
                best = s;
            }
            return new int[] {best.line(), best.column() + (offset - best.offset()) + 1};
        }
    }

    /** Carries a checked error out of the lexer callback. */
    private static final class Failure extends RuntimeException {
        final DockerfileException exception;

        Failure(DockerfileException exception) {
            super(exception.getMessage(), null, false, false);
            this.exception = exception;
        }
    }
}
