package dev.jbuild.grammar;

/**
 * A Dockerfile that cannot be used, with where and why: {@code Dockerfile:LINE:COL: reason}, and
 * for {@link #describe()} the offending line with a caret under the column.
 */
public final class DockerfileException extends Exception {

    private final String file;
    private final int line;
    private final int column;
    private final String reason;
    private final String sourceLine;

    /**
     * @param line 1-based line, or 0 when the problem is the whole file
     * @param column 1-based column, or 0 when only the line is known
     * @param sourceLine the text of that line, or empty
     */
    public DockerfileException(String file, int line, int column, String reason, String sourceLine) {
        super(location(file, line, column) + ": " + reason);
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("negative position " + line + ":" + column);
        }
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
        this.sourceLine = sourceLine;
    }

    private static String location(String file, int line, int column) {
        if (line == 0) {
            return file;
        }
        return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }

    /** The message, then the offending line and a caret under the column, for people. */
    public String describe() {
        if (line == 0 || sourceLine.isEmpty()) {
            return getMessage();
        }
        String number = String.valueOf(line);
        StringBuilder out = new StringBuilder(getMessage()).append('\n');
        out.append(' ').append(number).append(" | ").append(sourceLine.replace('\t', ' ')).append('\n');
        if (column > 0) {
            out.append(" ".repeat(number.length() + 1)).append(" | ")
                    .append(" ".repeat(Math.min(column - 1, sourceLine.length()))).append('^').append('\n');
        }
        return out.toString().stripTrailing();
    }
}
