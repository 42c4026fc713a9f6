package dev.jbuild.grammar.instruction;

import java.util.Objects;

/**
 * A file that COPY or ADD takes from a heredoc instead of the build context: {@code path} is the
 * heredoc's name, {@code content} its body ({@code <<-} tabs already stripped), and {@code expand}
 * tells whether variables in the body are expanded (false when the name was quoted).
 */
public record HeredocSource(String path, String content, boolean expand) {

    public HeredocSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a heredoc source needs a name");
        }
    }
}
