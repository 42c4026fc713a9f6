package dev.jbuild.grammar;

/**
 * A here-document attached to RUN, COPY or ADD. {@code content} is the body with a newline after
 * every line; {@code expand} is false when any part of the name was quoted, which turns off
 * variable expansion of the body; {@code chomp} is {@code <<-}, which strips leading tabs.
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fileDescriptor) {

    public Heredoc {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a heredoc needs a name");
        }
    }
}
