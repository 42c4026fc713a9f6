package dev.jbuild.grammar;

/**
 * Where an instruction or a part of one sits in its Dockerfile: 1-based lines, 1-based column of
 * its first character. The end line includes continuation lines, comment and blank lines inside
 * a continuation, and heredoc bodies.
 */
public record SourceRange(int startLine, int startColumn, int endLine) {

    public SourceRange {
        if (startLine < 1 || startColumn < 1 || endLine < startLine) {
            throw new IllegalArgumentException(
                    "bad source range " + startLine + ":" + startColumn + "-" + endLine);
        }
    }
}
