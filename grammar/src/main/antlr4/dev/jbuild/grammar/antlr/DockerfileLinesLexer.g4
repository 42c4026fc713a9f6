/*
 * Physical structure of a Dockerfile: which lines are comments or blank, where a logical
 * line (an instruction, with its continuation lines) ends, and which lines are heredoc
 * bodies. The instruction itself is parsed by InstructionLexer/InstructionParser.
 *
 * The escape character is set by a parser directive, so it is a lexer field and the rules
 * that depend on it use semantic predicates. Heredoc bodies depend on the instruction they
 * follow, so at the end of each logical line the lexer asks a LogicalLineListener which
 * heredoc terminators come next and switches to HEREDOC mode to read the bodies.
 */
lexer grammar DockerfileLinesLexer;

@header {
import java.util.ArrayDeque;
import java.util.List;
import org.antlr.v4.runtime.misc.Interval;
}

@members {
    /** Told of every logical line; answers the heredoc terminators that follow it. */
    public interface LogicalLineListener {
        List<HeredocTerminator> logicalLine(String text, List<Segment> segments, int endLine);
    }

    /** The text from offset on in a logical line came from this 1-based line and 0-based column. */
    public record Segment(int offset, int line, int column) {
    }

    /** A heredoc body ends at a line equal to name; with stripTabs, leading tabs are ignored. */
    public record HeredocTerminator(String name, boolean stripTabs) {
    }

    private int escape = '\\';
    private LogicalLineListener listener = (text, lineSegments, endLine) -> List.of();
    private final StringBuilder logical = new StringBuilder();
    private final ArrayDeque<HeredocTerminator> pending = new ArrayDeque<>();
    private boolean inInstruction;
    private boolean leading;
    private final java.util.ArrayList<Integer> emptyContinuationLines = new java.util.ArrayList<>();
    private final java.util.ArrayList<Segment> segments = new java.util.ArrayList<>();
    private int instructionLine;
    private int heredocLine;

    public void setEscape(int escape) {
        this.escape = escape;
    }

    public void setLogicalLineListener(LogicalLineListener listener) {
        this.listener = listener;
    }

    /** The line where an unterminated heredoc began, or 0 when every heredoc was closed. */
    public int unterminatedHeredocLine() {
        return pending.isEmpty() ? 0 : heredocLine;
    }

    // BuildKit continues a line ending in the escape character (plus blanks) unless that
    // character is itself preceded by an escape character on the same line. Anything else is
    // text, and the line ends here.
    private void escapeAtEnd(boolean atLineStart) {
        String t = getText();
        boolean continues = t.charAt(0) == escape
                && (atLineStart || _input.getText(Interval.of(_tokenStartCharIndex - 1, _tokenStartCharIndex - 1))
                        .charAt(0) != escape);
        if (continues) {
            setType(CONTINUATION);
            continuation();
            return;
        }
        beginSegment(0);
        leading = false;
        int end = t.length();
        while (end > 0 && (t.charAt(end - 1) == '\n' || t.charAt(end - 1) == '\r')) {
            end--;
        }
        logical.append(t, 0, end);
        setType(EOL);
        endOfLogicalLine();
    }

    private void beginSegment(int skipped) {
        if (!inInstruction) {
            inInstruction = true;
            leading = true;
            instructionLine = _tokenStartLine;
        }
        segments.add(new Segment(logical.length(), _tokenStartLine, _tokenStartCharPositionInLine + skipped));
    }

    // BuildKit strips blanks (any Unicode white space) before the first word of an instruction.
    private void text() {
        String t = getText();
        int skip = 0;
        if (!inInstruction || leading) {
            while (skip < t.length() && isSpace(t.charAt(skip))) {
                skip++;
            }
        }
        beginSegment(skip);
        if (skip < t.length()) {
            leading = false;
            logical.append(t, skip, t.length());
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    private void blankLine() {
        if (inInstruction) {
            emptyContinuationLines.add(_tokenStartLine);
        }
    }

    /** Lines skipped inside a continuation because they were blank; BuildKit warns about them. */
    public List<Integer> emptyContinuationLines() {
        return emptyContinuationLines;
    }

    private void continuation() {
        beginSegment(0);
        leading = false;
        // the escape character, the blanks after it and the newline go: nothing of this token stays
        mode(DEFAULT_MODE);
    }

    private void endOfLogicalLine() {
        String text = logical.toString();
        List<Segment> lineSegments = List.copyOf(segments);
        logical.setLength(0);
        segments.clear();
        inInstruction = false;
        // after a newline the lexer already stands on the next line
        int endLine = getCharPositionInLine() == 0 && getLine() > 1 ? getLine() - 1 : getLine();
        List<HeredocTerminator> terminators = listener.logicalLine(text, lineSegments, endLine);
        // set here, not by a lexer command, which would run after a pushMode(HEREDOC) below
        mode(DEFAULT_MODE);
        if (!terminators.isEmpty()) {
            pending.addAll(terminators);
            heredocLine = instructionLine;
            pushMode(HEREDOC);
        }
    }

    private void heredocLine() {
        String line = getText();
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        HeredocTerminator terminator = pending.peek();
        int start = 0;
        if (terminator.stripTabs()) {
            while (start < end && line.charAt(start) == '\t') {
                start++;
            }
        }
        if (!line.substring(start, end).equals(terminator.name())) {
            return;
        }
        setType(HEREDOC_END);
        pending.pop();
        if (pending.isEmpty()) {
            popMode();
        }
    }

    // A file may end inside an instruction without a newline; the parser still wants an EOL.
    @Override
    public Token nextToken() {
        Token t = super.nextToken();
        if (t.getType() == Token.EOF && inInstruction && _mode != HEREDOC) {
            endOfLogicalLine();
            return getTokenFactory().create(_tokenFactorySourcePair, EOL, "", DEFAULT_TOKEN_CHANNEL,
                    t.getStartIndex(), t.getStartIndex() - 1, t.getLine(), t.getCharPositionInLine());
        }
        return t;
    }
}

channels { COMMENTS }

// DEFAULT_MODE: at the start of a physical line. Modes, not predicates, track this, so the
// lexer's DFA cache works (a predicate at a token start turns it off).

COMMENT_LINE : WS_CHAR* '#' ~[\n]* ('\n' | EOF) -> channel(COMMENTS) ;

BLANK_LINE : WS_CHAR* '\n' { blankLine(); } -> channel(HIDDEN) ;

BLANK_AT_EOF : WS_CHAR+ EOF -> channel(HIDDEN) ;

LINE_OF_ESCAPE : [\\`] [ \t]* '\r'* ('\n' | EOF) { escapeAtEnd(true); } ;

START_TEXT : ~[\n\r\\`]+ { text(); } -> type(TEXT), mode(IN_LINE) ;

START_SINGLE_CHAR : [\r\\`] { text(); } -> type(SINGLE_CHAR), mode(IN_LINE) ;

fragment WS_CHAR
    : [ \t\u000B\f\r\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]
    ;

mode IN_LINE;

// A backslash or backtick before the end of the line; escapeAtEnd decides whether it is the
// escape character and so continues the instruction.
CONTINUATION : [\\`] [ \t]* '\r'* ('\n' | EOF) { escapeAtEnd(false); } ;

EOL : '\r'* '\n' { endOfLogicalLine(); } ;

TEXT : ~[\n\r\\`]+ { text(); } ;

SINGLE_CHAR : [\r\\`] { text(); } ;

mode HEREDOC;

HEREDOC_LINE : (~[\n]+ ('\n' | EOF) | '\n') { heredocLine(); } ;

HEREDOC_END : '\u0000' '\u0000' '\u0000' ; // never matched: set by heredocLine()
