package dev.jbuild.core.exec;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for the POSIX sh scripts and fstab files the unshare sandbox generates. */
final class ShellWords {

    private ShellWords() {
    }

    /** {@code value} as one sh word: single-quoted, with embedded quotes closed, escaped and reopened. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String quoteAll(List<String> values) {
        return values.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    /** {@code value} as one fstab field: whitespace and backslashes as the octal escapes libmount decodes. */
    static String fstabField(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case ' ' -> out.append("\\040");
                case '\t' -> out.append("\\011");
                case '\n' -> out.append("\\012");
                case '\\' -> out.append("\\134");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
