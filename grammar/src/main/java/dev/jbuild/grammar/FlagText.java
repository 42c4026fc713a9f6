package dev.jbuild.grammar;

/**
 * The value of a builder flag word as BuildKit reads it: quotes removed, a backslash makes the
 * next character literal (inside quotes too), and a trailing backslash is dropped.
 */
final class FlagText {

    private FlagText() {
    }

    static String unquote(String word) {
        StringBuilder out = new StringBuilder(word.length());
        int quote = 0;
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (quote == 0 && (ch == '\'' || ch == '"')) {
                quote = ch;
                continue;
            }
            if (quote != 0 && ch == quote) {
                quote = 0;
                continue;
            }
            if (ch == '\\') {
                if (i + 1 == word.length()) {
                    continue;
                }
                ch = word.charAt(++i);
            }
            out.append(ch);
        }
        return out.toString();
    }
}
