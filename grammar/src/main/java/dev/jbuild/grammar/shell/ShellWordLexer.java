package dev.jbuild.grammar.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One expansion of one word: a cursor over the word plus the state BuildKit's {@code shellWord}
 * keeps. The methods mirror BuildKit's lexer step by step, because its behaviour at the edges
 * (which characters a nested word stops at, when a variable is looked up, what raw modes keep) is
 * defined by that code rather than by POSIX. BuildKit quirks kept on purpose, since a Dockerfile
 * must expand here as it does under BuildKit:
 * <ul>
 *   <li>Every nested word ({@code ${v:-w}}, {@code ${v#p}}, {@code ${v/p/r}}) restarts the word
 *       buffer shared by all levels, so in word-splitting mode the unfinished word before such a
 *       substitution is lost: {@code a${x:-b}} gives {@code [b]}.</li>
 *   <li>The word of {@code ${v-w}}, {@code ${v+w}} and {@code ${v?w}} is read with escapes
 *       consumed even in raw-escape mode; pattern words keep them.</li>
 *   <li>With skip-unset, an unset variable's substitution is rebuilt as {@code ${name<op>word}}
 *       from the expanded word, before the operator is checked, and {@code ${v//p/r}} is
 *       rebuilt with a single {@code /}.</li>
 *   <li>In raw-escape mode an escape inside double quotes before an ordinary character is written
 *       twice ({@code "\a"} gives {@code "\\a"}).</li>
 *   <li>A byte-order mark at the very start of the word is dropped (Go's text scanner does).</li>
 * </ul>
 * Not thread-safe and single-use.
 */
final class ShellWordLexer {

    /** Text and split words of one (possibly nested) word. */
    record Segment(String text, List<String> words) {
    }

    private static final int EOF = -1;

    /** Deeper nesting than any real Dockerfile uses; guards the Java stack, which Go's is not. */
    private static final int MAX_NESTING = 256;

    private final String src;
    private final int escape;
    private final ShellWordExpander.Options options;
    private final Function<String, String> env;
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<String> missing = new LinkedHashSet<>();
    /** Shared by every nesting level, as in BuildKit (see the class comment). */
    private final StringBuilder sharedWordBuffer = new StringBuilder();
    private boolean rawEscapes;
    private int pos;
    private int depth;

    ShellWordLexer(String word, char escape, ShellWordExpander.Options options,
                   Function<String, String> env) {
        this.src = Objects.requireNonNull(word, "word");
        this.escape = escape;
        this.options = options;
        this.env = Objects.requireNonNull(env, "env");
        this.rawEscapes = options.rawEscapes();
        this.pos = !word.isEmpty() && word.charAt(0) == '\uFEFF' ? 1 : 0;
    }

    Set<String> used() {
        return used;
    }

    Set<String> missing() {
        return missing;
    }

    Segment run() throws ShellExpansionException {
        return processStopOn(EOF, rawEscapes, 0);
    }

    private int peek() {
        return pos < src.length() ? src.codePointAt(pos) : EOF;
    }

    private int next() {
        int ch = peek();
        if (ch != EOF) {
            pos += Character.charCount(ch);
        }
        return ch;
    }

    /**
     * Reads up to {@code stopChar} (consumed) or the end of the word. {@code openedAt} is where
     * the construct that needs {@code stopChar} began, for the error offset.
     */
    private Segment processStopOn(int stopChar, boolean rawEsc, int openedAt)
            throws ShellExpansionException {
        if (++depth > MAX_NESTING) {
            throw new ShellExpansionException("expansions nested too deeply", pos);
        }
        StringBuilder result = new StringBuilder();
        sharedWordBuffer.setLength(0);
        WordSplitter words = new WordSplitter(sharedWordBuffer);
        boolean savedRawEscapes = rawEscapes;
        rawEscapes = rawEsc;
        try {
            while (peek() != EOF) {
                int ch = peek();
                if (stopChar != EOF && ch == stopChar) {
                    next();
                    return new Segment(result.toString(), words.finish());
                }
                if (ch == '$') {
                    int at = pos;
                    String value = processDollar();
                    append(result, value, at);
                    // Only unquoted expansion results are split at whitespace.
                    words.addString(value);
                    continue;
                }
                if (ch == '<') {
                    int at = pos;
                    String value = processPossibleHeredoc();
                    append(result, value, at);
                    words.addRawString(value);
                    continue;
                }
                if ((ch == '\'' || ch == '"') && !options.skipProcessQuotes()) {
                    int at = pos;
                    String value = ch == '\'' ? processSingleQuote() : processDoubleQuote();
                    append(result, value, at);
                    words.addRawString(value);
                    continue;
                }
                ch = next();
                if (ch == escape) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    ch = next();
                    if (ch == EOF) {
                        // An escape at the very end is dropped.
                        break;
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stopChar != EOF) {
                throw new ShellExpansionException(
                        "unexpected end of statement while looking for matching "
                                + Character.toString(stopChar), openedAt);
            }
            return new Segment(result.toString(), words.finish());
        } finally {
            rawEscapes = savedRawEscapes;
            depth--;
        }
    }

    private String processSingleQuote() throws ShellExpansionException {
        int openedAt = pos;
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new ShellExpansionException(
                        "unexpected end of statement while looking for matching single-quote",
                        openedAt);
            }
            if (ch == '\'') {
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() throws ShellExpansionException {
        int openedAt = pos;
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            int peeked = peek();
            if (peeked == EOF) {
                throw new ShellExpansionException(
                        "unexpected end of statement while looking for matching double-quote",
                        openedAt);
            }
            if (peeked == '"') {
                next();
                if (options.rawQuotes()) {
                    result.append('"');
                }
                return result.toString();
            }
            if (peeked == '$') {
                int at = pos;
                append(result, processDollar(), at);
                continue;
            }
            ch = next();
            if (ch == escape) {
                if (rawEscapes) {
                    result.appendCodePoint(ch);
                }
                int after = peek();
                if (after == EOF) {
                    continue; // the loop then reports the missing quote
                }
                // Only these can be escaped inside double quotes; elsewhere the escape is text.
                if (after == '"' || after == '$' || after == escape) {
                    ch = next();
                }
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDollar() throws ShellExpansionException {
        int start = pos;
        next();
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            String value = lookup(name);
            if (value == null && options.skipUnsetEnv()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next();
        int first = peek();
        if (first == EOF) {
            throw missingBrace(start);
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new ShellExpansionException("syntax error: bad substitution", pos);
        }
        String name = processName();
        int modifierAt = pos;
        int ch = next();
        if (ch == EOF) {
            // BuildKit reports "unsupported modifier (U+FFFD)" here; the brace is what is missing.
            throw missingBrace(start);
        }
        switch (ch) {
            case '}': {
                String value = lookup(name);
                if (value == null && options.skipUnsetEnv()) {
                    return "${" + name + "}";
                }
                return value == null ? "" : value;
            }
            case ':': {
                int op = next();
                String ops = ":" + (op == EOF ? "" : Character.toString(op));
                return processModifier(start, modifierAt, name, op, ops, true);
            }
            case '+':
            case '-':
            case '?':
            case '#':
            case '%':
                return processModifier(start, modifierAt, name, ch, Character.toString(ch), false);
            case '/':
                return processReplacement(start, name);
            default:
                throw unsupportedModifier(Character.toString(ch), modifierAt);
        }
    }

    /**
     * {@code ${name[:]op word}}. Any character after {@code :} gets here, as in BuildKit: the word
     * is read and the variable looked up before an unknown operator is rejected.
     */
    private String processModifier(int start, int modifierAt, String name, int op, String ops,
                                   boolean nullIsUnset) throws ShellExpansionException {
        boolean patternOp = op == '#' || op == '%';
        if (nullIsUnset && patternOp) {
            throw unsupportedModifier(ops, modifierAt);
        }
        String word = readNested('}', patternOp, start, "syntax error: missing '}'");
        String value = lookup(name);
        if (value == null && options.skipUnsetEnv()) {
            return "${" + name + ops + word + "}";
        }
        boolean unset = value == null || (nullIsUnset && value.isEmpty());
        switch (op) {
            case '-':
                return unset ? word : value;
            case '+':
                return unset ? "" : word;
            case '?':
                if (value == null) {
                    throw new ShellExpansionException(
                            name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word),
                            start);
                }
                if (unset) {
                    throw new ShellExpansionException(
                            name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word),
                            start);
                }
                return value;
            case '#':
            case '%': {
                // The doubled operator is recognised after expansion, as BuildKit does.
                boolean longest = !word.isEmpty() && word.charAt(0) == op;
                String pattern = longest ? word.substring(1) : word;
                String subject = value == null ? "" : value;
                return op == '%'
                        ? ShellPattern.trimSuffix(pattern, subject, longest, start)
                        : ShellPattern.trimPrefix(pattern, subject, longest, start);
            }
            default:
                throw unsupportedModifier(ops, modifierAt);
        }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
    private String processReplacement(int start, String name) throws ShellExpansionException {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern = readNested('/', true, start, "syntax error: missing '/' in ${}");
        String replacement = readNested('}', true, start, "syntax error: missing '}'");
        String value = lookup(name);
        if (value == null && options.skipUnsetEnv()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        ShellPattern compiled = ShellPattern.compile(pattern, true, pattern, start);
        String subject = value == null ? "" : value;
        String replaced = all ? compiled.replaceAll(subject, replacement, ShellWordExpander.MAX_EXPANSION_CHARS)
                : compiled.replaceFirst(subject, replacement);
        if (replaced == null || replaced.length() > ShellWordExpander.MAX_EXPANSION_CHARS) {
            throw ShellExpansionException.tooLong(start);
        }
        return replaced;
    }

    /** Appends an expansion found at {@code at}, unless the word would grow past the limit. */
    private static void append(StringBuilder result, String value, int at) throws ShellExpansionException {
        if (value.length() > ShellWordExpander.MAX_EXPANSION_CHARS - result.length()) {
            throw ShellExpansionException.tooLong(at);
        }
        result.append(value);
    }

    /**
     * A nested word up to {@code stopChar}. When it fails at the end of the input the real
     * problem is the missing terminator, whatever failed inside, so that is what is reported.
     */
    private String readNested(int stopChar, boolean rawEsc, int start, String missingMessage)
            throws ShellExpansionException {
        try {
            return processStopOn(stopChar, rawEsc, start).text();
        } catch (ShellExpansionException e) {
            if (peek() == EOF) {
                throw new ShellExpansionException(missingMessage, start);
            }
            throw e;
        }
    }

    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.length() == 0 && Character.isDigit(ch)) {
                // Positional parameters: the name is the whole run of digits.
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParameter(ch)) {
                next();
                return Character.toString(ch);
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static boolean isSpecialParameter(int ch) {
        switch (ch) {
            case '@':
            case '*':
            case '#':
            case '?':
            case '-':
            case '$':
            case '!':
            case '0':
                return true;
            default:
                return false;
        }
    }

    /** {@code <<} and the blanks after it stay one piece, so a heredoc marker stays one word. */
    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder result = new StringBuilder("<<");
        while (peek() == ' ' || peek() == '\t' || peek() == '\r') {
            result.appendCodePoint(next());
        }
        return result.toString();
    }

    private String lookup(String name) {
        String value = env.apply(name);
        if (value != null) {
            used.add(name);
        } else {
            missing.add(name);
        }
        return value;
    }

    private static ShellExpansionException missingBrace(int start) {
        return new ShellExpansionException("syntax error: missing '}'", start);
    }

    private static ShellExpansionException unsupportedModifier(String ops, int at) {
        return new ShellExpansionException(
                "unsupported modifier (" + ops + ") in substitution", at);
    }

    /** Go's {@code unicode.IsSpace}, which BuildKit splits words with. */
    static boolean isGoSpace(int ch) {
        switch (ch) {
            case '\t':
            case '\n':
            case 0x0B:
            case '\f':
            case '\r':
            case ' ':
            case 0x85:
            case 0xA0:
            case 0x1680:
            case 0x2028:
            case 0x2029:
            case 0x202F:
            case 0x205F:
            case 0x3000:
                return true;
            default:
                return ch >= 0x2000 && ch <= 0x200A;
        }
    }

    /** Builds the words of one nesting level into the shared buffer. */
    private static final class WordSplitter {
        private final StringBuilder buffer;
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        WordSplitter(StringBuilder buffer) {
            this.buffer = buffer;
        }

        void addChar(int ch) {
            if (isGoSpace(ch)) {
                if (inWord && buffer.length() != 0) {
                    words.add(buffer.toString());
                    buffer.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            buffer.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            buffer.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (buffer.length() > 0) {
                words.add(buffer.toString());
                buffer.setLength(0);
                inWord = false;
            }
            return words;
        }
    }
}
