package dev.jbuild.grammar.shell;

/**
 * A word could not be expanded: a quote or <code>${…}</code> is never closed, a substitution is
 * malformed, a pattern is invalid, or a <code>${VAR?message}</code> check failed. The message says
 * what is wrong (in BuildKit's words); {@link #offset()} is the 0-based {@code char} index in the
 * word of the character the problem was found at or, for a construct that is never closed or
 * that fails as a whole, of the character that opened it (the quote, or the <code>$</code> of
 * <code>${</code>).
 */
public final class ShellExpansionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;

    public ShellExpansionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** The 0-based {@code char} index in the expanded word where the problem is. */
    public int offset() {
        return offset;
    }
}
