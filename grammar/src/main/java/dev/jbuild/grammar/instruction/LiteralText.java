package dev.jbuild.grammar.instruction;

import dev.jbuild.grammar.shell.Expansion;
import dev.jbuild.grammar.shell.ShellExpansionException;
import dev.jbuild.grammar.shell.ShellWordExpander;
import dev.jbuild.grammar.shell.WordsExpansion;
import java.util.List;
import java.util.Optional;

/**
 * The value of a word that uses no variable, quotes and escapes removed. Such a value is known
 * before the build, so it can be checked now; a value that uses variables is left to the planner,
 * which knows them.
 */
final class LiteralText {

    private final ShellWordExpander shell;

    LiteralText(char escape) {
        this.shell = new ShellWordExpander(escape);
    }

    /** The word's value; empty when it uses a variable or cannot be expanded. */
    Optional<String> word(String word) {
        try {
            Expansion e = shell.expandWord(word, name -> null);
            return e.used().isEmpty() && e.missing().isEmpty() ? Optional.of(e.value()) : Optional.empty();
        } catch (ShellExpansionException e) {
            return Optional.empty();
        }
    }

    /** The words a text splits into; empty when it uses a variable or cannot be expanded. */
    Optional<List<String>> words(String text) {
        try {
            WordsExpansion e = shell.expandWords(text, name -> null);
            return e.used().isEmpty() && e.missing().isEmpty() ? Optional.of(e.words()) : Optional.empty();
        } catch (ShellExpansionException e) {
            return Optional.empty();
        }
    }
}
