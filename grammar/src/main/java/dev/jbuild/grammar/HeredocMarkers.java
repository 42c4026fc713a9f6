package dev.jbuild.grammar;

import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the heredoc markers ({@code <<EOF}, {@code <<-"EOF"}, {@code 3<<EOF}) in a RUN, COPY or
 * ADD line, the way BuildKit does: a raw shell-word split of the line, then each word that looks
 * like a redirection from a here-document.
 */
final class HeredocMarkers {

    /** A marker: the terminator name and how to read and expand the body. */
    record Marker(String name, boolean expand, boolean chomp, int fileDescriptor) {
    }

    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)[\\t\\n\\f\\r ]*([^<]*)$");
    private static final Set<String> HEREDOC_KEYWORDS = Set.of("run", "copy", "add");
    private static final ShellWordExpander.Options RAW =
            new ShellWordExpander.Options(true, true, true, false);
    private static final ShellWordExpander.Options UNQUOTE =
            new ShellWordExpander.Options(false, false, true, false);
    private static final ShellWordExpander.Options KEEP_QUOTES =
            new ShellWordExpander.Options(true, false, true, false);

    private HeredocMarkers() {
    }

    /** Whether an instruction of this shape may be followed by heredoc bodies. */
    static boolean allowed(Instruction instruction) {
        Instruction target = instruction.trigger() != null ? instruction.trigger() : instruction;
        return HEREDOC_KEYWORDS.contains(target.name()) && !target.json();
    }

    static List<Marker> find(String line) throws ShellExpansionException {
        ShellWordExpander shell = new ShellWordExpander('\\');
        List<String> words = shell.withOptions(RAW).expandWords(line, name -> null).words();
        List<Marker> markers = new ArrayList<>();
        for (String word : words) {
            Marker marker = marker(shell, word);
            if (marker != null) {
                markers.add(marker);
            }
        }
        return markers;
    }

    private static Marker marker(ShellWordExpander shell, String word) throws ShellExpansionException {
        Matcher m = MARKER.matcher(word);
        if (!m.matches() || m.group(3).isEmpty()) {
            return null;
        }
        String rest = m.group(3);
        List<String> plain = shell.withOptions(UNQUOTE).expandWords(rest, name -> null).words();
        if (plain.size() != 1) {
            return null;
        }
        List<String> quoted = shell.withOptions(KEEP_QUOTES).expandWords(rest, name -> null).words();
        // when unquoting removed quote characters, part of the name was quoted: no expansion
        boolean expand = quoteCount(plain.get(0)) == quoteCount(quoted.get(0));
        int fd = m.group(1).isEmpty() ? 0 : parseDescriptor(m.group(1));
        return new Marker(plain.get(0), expand, m.group(2).equals("-"), fd);
    }

    private static int parseDescriptor(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLong) {
            return 0;
        }
    }

    private static int quoteCount(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }
}
