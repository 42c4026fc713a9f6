package dev.jbuild.grammar.shell;

/**
 * A word could not be expanded: a quote or <code>${…}</code> is never closed, a substitution is
 * malformed, a pattern is invalid, or a <code>${VAR?message}</code> check failed. The message says
 * what is wrong (in BuildKit's words); {@link #offset()} is the 0-based {@code char} index in the
 * word of the character the problem was found at or, for a construct that is never closed or
 * that fails as a whole, of the character that opened it (the quote, or the <code>$</code> of
 * <code>${</code>). A word whose expansion grows past {@link ShellWordExpander#MAX_EXPANSION_CHARS}
 * fails too ({@link #isTooLong()}): a Dockerfile doubling a variable thirty times must get an
 * error, not exhaust the heap.
 */
public final class ShellExpansionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final boolean tooLong;

    public ShellExpansionException(String message, int offset) {
        this(message, offset, false);
    }

    private ShellExpansionException(String message, int offset, boolean tooLong) {
        super(message);
        this.offset = offset;
        this.tooLong = tooLong;
    }

    /** The expansion grew past {@link ShellWordExpander#MAX_EXPANSION_CHARS}; found at {@code offset}. */
    static ShellExpansionException tooLong(int offset) {
        return new ShellExpansionException("expands to more than 1 MiB", offset, true);
    }

    /** Whether the word expanded to more than {@link ShellWordExpander#MAX_EXPANSION_CHARS}. */
    public boolean isTooLong() {
        return tooLong;
    }

    /** The 0-based {@code char} index in the expanded word where the problem is. */
    public int offset() {
        return offset;
    }
}
