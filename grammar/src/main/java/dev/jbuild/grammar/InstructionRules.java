package dev.jbuild.grammar;

import dev.jbuild.grammar.antlr.ExecFormLexer;
import dev.jbuild.grammar.antlr.ExecFormParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Splits the argument text of an instruction into arguments, by the rule of its keyword, as
 * BuildKit's parser does: the exec form (a JSON array) or shell text, plain words, words that
 * keep their quotes, or name/value pairs.
 */
final class InstructionRules {

    /** The arguments of an instruction and whether they came from a JSON array. */
    record Arguments(List<String> values, boolean json) {
        static final Arguments NONE = new Arguments(List.of(), false);

        static Arguments of(String single) {
            return new Arguments(List.of(single), false);
        }
    }

    /** An argument text that no rule accepts; offset is where in the text the problem is. */
    static final class RuleException extends Exception {
        final int offset;

        RuleException(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private InstructionRules() {
    }

    /** Arguments for every keyword except ONBUILD, which the parser handles by recursion. */
    static Arguments arguments(String keyword, String text, char escape) throws RuleException {
        return switch (keyword) {
            case "add", "copy", "volume" -> execOrWords(text);
            case "cmd", "entrypoint", "run", "shell" -> execOrText(text);
            case "from", "expose" -> blankSeparated(text);
            case "arg" -> new Arguments(words(text, escape), false);
            case "env" -> nameValues(text, escape, "ENV");
            case "label" -> nameValues(text, escape, "LABEL");
            case "healthcheck" -> healthcheck(text);
            case "maintainer", "stopsignal", "user", "workdir" -> text.isEmpty() ? Arguments.NONE : Arguments.of(text);
            default -> Arguments.of("");
        };
    }

    private static Arguments execOrText(String text) throws RuleException {
        if (text.isEmpty()) {
            return Arguments.NONE;
        }
        List<String> exec = execForm(text);
        return exec != null ? new Arguments(exec, true) : Arguments.of(text);
    }

    private static Arguments execOrWords(String text) throws RuleException {
        List<String> exec = execForm(text);
        return exec != null ? new Arguments(exec, true) : blankSeparated(text);
    }

    private static Arguments blankSeparated(String text) {
        if (text.isEmpty()) {
            return Arguments.NONE;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (!Whitespace.isAsciiBlank(text.charAt(i))) {
                i++;
                continue;
            }
            out.add(text.substring(start, i));
            while (i < text.length() && Whitespace.isAsciiBlank(text.charAt(i))) {
                i++;
            }
            start = i;
        }
        out.add(text.substring(start));
        return new Arguments(out, false);
    }

    private static Arguments healthcheck(String text) throws RuleException {
        int sep = 0;
        while (sep < text.length() && !Whitespace.isSpace(text.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Arguments.NONE;
        }
        Arguments command = execOrText(text.substring(Whitespace.skipSpace(text, sep)));
        List<String> values = new ArrayList<>(command.values().size() + 1);
        values.add(text.substring(0, sep));
        values.addAll(command.values());
        return new Arguments(values, command.json());
    }

    private static Arguments nameValues(String text, char escape, String keyword) throws RuleException {
        List<String> words = words(text, escape);
        if (words.isEmpty()) {
            return Arguments.NONE;
        }
        if (!words.get(0).contains("=")) {
            return legacyNameValue(text, keyword);
        }
        List<String> out = new ArrayList<>(words.size() * 3);
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new RuleException("syntax error: can't find = in \"" + word
                        + "\"; " + keyword + " takes name=value pairs", Math.max(0, text.indexOf(word)));
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
            out.add("=");
        }
        return new Arguments(out, false);
    }

    // The old "ENV name value" form: the value is the rest of the text, verbatim.
    private static Arguments legacyNameValue(String text, String keyword) throws RuleException {
        int i = 0;
        while (i < text.length() && !Whitespace.isAsciiBlank(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            throw new RuleException(keyword + " must have two arguments: " + keyword + " " + text
                    + " has a name but no value (write " + text + "=VALUE)", 0);
        }
        int valueStart = i;
        while (valueStart < text.length() && Whitespace.isAsciiBlank(text.charAt(valueStart))) {
            valueStart++;
        }
        return new Arguments(List.of(text.substring(0, i), text.substring(valueStart), ""), false);
    }

    /**
     * Words separated by blanks outside quotes; quotes and escape characters stay in the word.
     * Used by ARG and to tell the two forms of ENV and LABEL apart.
     */
    static List<String> words(String text, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        int n = text.length();
        for (int pos = 0; pos < n; pos++) {
            char ch = text.charAt(pos);
            if (!inWord && quote == 0) {
                if (Whitespace.isSpace(ch)) {
                    continue;
                }
                inWord = true;
            }
            if (quote == 0) {
                if (Whitespace.isSpace(ch)) {
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    word.append(ch);
                    ch = text.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            if (ch == quote) {
                quote = 0;
            } else if (ch == escape && quote != '\'') {
                if (pos + 1 == n) {
                    continue;
                }
                word.append(ch);
                ch = text.charAt(++pos);
            }
            word.append(ch);
        }
        if ((inWord || quote != 0) && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The strings of a JSON array, or null when the text is no JSON array (then the caller uses
     * the shell form). A well-formed array with anything but strings in it is an error.
     */
    static List<String> execForm(String text) throws RuleException {
        if (!text.startsWith("[")) {
            return null;
        }
        ExecFormLexer lexer = new ExecFormLexer(CharStreams.fromString(text));
        ExecFormParser parser = new ExecFormParser(new CommonTokenStream(lexer));
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        lexer.addErrorListener(Bail.INSTANCE);
        parser.addErrorListener(Bail.INSTANCE);
        ExecFormParser.ArrayContext array;
        try {
            array = parser.execForm().array();
        } catch (ParseCancellationException notJson) {
            return null;
        }
        List<String> out = new ArrayList<>(array.value().size());
        for (ExecFormParser.ValueContext value : array.value()) {
            if (!(value instanceof ExecFormParser.StringValueContext string)) {
                throw new RuleException("exec form must be a JSON array of strings, but has "
                        + value.getText(), value.getStart().getStartIndex());
            }
            out.add(unquoteJson(string.STRING()));
        }
        return out;
    }

    private static String unquoteJson(TerminalNode token) {
        String s = token.getText();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /** Turns the first syntax error into an exception, so a failed match is cheap and quiet. */
    static final class Bail extends BaseErrorListener {
        static final Bail INSTANCE = new Bail();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                int charPositionInLine, String msg, RecognitionException e) {
            throw new ParseCancellationException(line + ":" + charPositionInLine + " " + msg);
        }
    }
}
