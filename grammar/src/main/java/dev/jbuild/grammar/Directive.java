package dev.jbuild.grammar;

/** A parser directive from the top of a Dockerfile, such as {@code # escape=`}; name in lower case. */
public record Directive(String name, String value, int line) {

    public Directive {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a directive needs a name");
        }
    }
}
