package dev.jbuild.grammar.shell;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The result of expanding a text and splitting it into words (BuildKit's {@code ProcessWords}).
 * {@code words} never contains an empty string; {@code used} and {@code missing} are as in
 * {@link Expansion}.
 */
public record WordsExpansion(List<String> words, Set<String> used, Set<String> missing) {

    public WordsExpansion {
        words = List.copyOf(words);
        used = Collections.unmodifiableSet(new LinkedHashSet<>(used));
        missing = Collections.unmodifiableSet(new LinkedHashSet<>(missing));
    }
}
