package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.SourceRange;
import java.util.Objects;

/**
 * Where a command comes from: its keyword as written ({@code RUN}, {@code run}, {@code Run}), its
 * text as the parser joined it (keyword, flags and arguments, continuation lines joined, trimmed),
 * and its place in the file. Build progress and image history show the text.
 */
public record Origin(String keyword, String text, SourceRange range) {

    public Origin {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(range, "range");
        if (keyword.isEmpty()) {
            throw new IllegalArgumentException("a command needs a keyword");
        }
    }
}
