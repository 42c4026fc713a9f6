package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A COPY or ADD argument that names a heredoc ({@code <<EOF}, {@code <<-'EOF'}), read as
 * BuildKit's {@code MustParseHeredoc} reads it: the name unquoted, body expansion off when any
 * part of the name was quoted, and {@code <<-} to strip leading tabs from the body.
 */
record HeredocWord(String name, boolean expand, boolean chomp) {

    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)$");
    private static final ShellWordExpander UNQUOTE = new ShellWordExpander('\\')
            .withOptions(new ShellWordExpander.Options(false, false, true, false));
    private static final ShellWordExpander KEEP_QUOTES = new ShellWordExpander('\\')
            .withOptions(new ShellWordExpander.Options(true, false, true, false));
    private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\t+");

    /** The heredoc a word names; empty when it names none (or cannot be read, like BuildKit). */
    static Optional<HeredocWord> parse(String word) {
        Matcher m = MARKER.matcher(word);
        if (!m.matches() || m.group(3).isEmpty()) {
            return Optional.empty();
        }
        String rest = m.group(3);
        try {
            List<String> plain = UNQUOTE.expandWords(rest, name -> null).words();
            if (plain.size() != 1) {
                return Optional.empty();
            }
            List<String> quoted = KEEP_QUOTES.expandWords(rest, name -> null).words();
            if (quoted.size() != 1) {
                return Optional.empty();
            }
            boolean expand = quotes(plain.get(0)) == quotes(quoted.get(0));
            return Optional.of(new HeredocWord(plain.get(0), expand, m.group(2).equals("-")));
        } catch (ShellExpansionException unreadable) {
            return Optional.empty();
        }
    }

    /** The body as the command sees it: with {@code <<-}, leading tabs removed from each line. */
    String body(String content) {
        return chomp ? LEADING_TABS.matcher(content).replaceAll("") : content;
    }

    private static int quotes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }
}
