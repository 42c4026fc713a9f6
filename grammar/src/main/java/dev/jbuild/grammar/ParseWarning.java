package dev.jbuild.grammar;

/** Something the parser accepted but a person should fix, at a 1-based line. */
public record ParseWarning(int line, String message) {
}
