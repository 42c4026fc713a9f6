package dev.jbuild.core.plan;

import java.util.Objects;

/** A file COPY or ADD writes from a here-document: its name and its body, variables already expanded. */
public record HeredocFile(String name, String content) {

    public HeredocFile {
        Objects.requireNonNull(content, "content");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a heredoc file needs a name");
        }
    }
}
