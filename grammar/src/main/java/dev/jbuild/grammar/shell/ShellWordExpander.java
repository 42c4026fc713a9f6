package dev.jbuild.grammar.shell;

import java.util.Objects;
import java.util.function.Function;

/**
 * Expands Dockerfile shell words the way BuildKit's Dockerfile frontend does
 * ({@code frontend/dockerfile/shell/lex.go}): quotes, escapes, {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-w}}, {@code ${VAR-w}}, {@code ${VAR:+w}}, {@code ${VAR+w}}, {@code ${VAR:?m}},
 * {@code ${VAR?m}}, {@code ${VAR#p}}, {@code ${VAR##p}}, {@code ${VAR%p}}, {@code ${VAR%%p}},
 * {@code ${VAR/p/r}} and {@code ${VAR//p/r}}, and the literal {@code <<} of heredocs. It follows
 * BuildKit's observable behaviour, quirks included (see {@link ShellWordLexer}), because a
 * Dockerfile must mean the same thing here as under {@code docker build}. Instances are immutable
 * and safe to share between threads.
 */
public final class ShellWordExpander {

    /**
     * The most characters one expanded word (and every expansion inside it) may have: 1 MiB, far
     * beyond any real value (Linux passes at most 128 KiB per environment string to a program).
     */
    public static final int MAX_EXPANSION_CHARS = 1 << 20;

    /**
     * BuildKit's {@code Lex} switches. {@code rawQuotes}: quote characters stay in the output.
     * {@code rawEscapes}: escape characters stay in the output. {@code skipUnsetEnv}: an unset
     * variable's substitution is left as written instead of expanding to empty text.
     * {@code skipProcessQuotes}: quotes are ordinary characters.
     */
    public record Options(boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv,
                          boolean skipProcessQuotes) {

        private static final Options DEFAULTS = new Options(false, false, false, false);

        /** Quotes and escapes are processed and unset variables expand to empty text. */
        public static Options defaults() {
            return DEFAULTS;
        }
    }

    private final char escapeChar;
    private final Options options;

    /** @param escapeChar the Dockerfile escape character, {@code '\\'} or {@code '`'} */
    public ShellWordExpander(char escapeChar) {
        this(escapeChar, Options.defaults());
    }

    private ShellWordExpander(char escapeChar, Options options) {
        if (escapeChar != '\\' && escapeChar != '`') {
            throw new IllegalArgumentException(
                    "escape character must be '\\' or '`', not '" + escapeChar + "'");
        }
        this.escapeChar = escapeChar;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A copy of this expander with other options. */
    public ShellWordExpander withOptions(Options o) {
        return new ShellWordExpander(escapeChar, o);
    }

    /**
     * Expands {@code word} into one string (BuildKit {@code ProcessWord}); whitespace is kept.
     *
     * @param env variable lookup; returns {@code null} for an unset variable
     */
    public Expansion expandWord(String word, Function<String, String> env)
            throws ShellExpansionException {
        ShellWordLexer lexer = new ShellWordLexer(word, escapeChar, options, env);
        ShellWordLexer.Segment result = lexer.run();
        return new Expansion(result.text(), lexer.used(), lexer.missing());
    }

    /**
     * Expands {@code word} and splits it into words (BuildKit {@code ProcessWords}): words break at
     * unquoted whitespace, including whitespace produced by an unquoted {@code $} expansion, and
     * empty words are dropped.
     *
     * @param env variable lookup; returns {@code null} for an unset variable
     */
    public WordsExpansion expandWords(String word, Function<String, String> env)
            throws ShellExpansionException {
        ShellWordLexer lexer = new ShellWordLexer(word, escapeChar, options, env);
        ShellWordLexer.Segment result = lexer.run();
        return new WordsExpansion(result.words(), lexer.used(), lexer.missing());
    }
}
