package dev.jbuild.grammar;

/**
 * The two kinds of blank that Dockerfile parsing uses: Unicode White_Space (Go's
 * {@code unicode.IsSpace}) for trimming and word splitting, and the ASCII set
 * {@code [ \t\v\f\r]} that separates a keyword from its arguments.
 */
final class Whitespace {

    private Whitespace() {
    }

    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    static boolean isAsciiBlank(int c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int trimmedEnd(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
