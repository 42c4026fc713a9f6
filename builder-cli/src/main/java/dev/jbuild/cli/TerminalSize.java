package dev.jbuild.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;

/**
 * The size of the terminal on standard error as the kernel knows it ({@code ioctl(2,
 * TIOCGWINSZ)}), so the live view uses the whole width of a wide terminal; empty when standard
 * error is no terminal or the call is not available.
 */
record TerminalSize(int columns, int rows) {

    // TIOCGWINSZ on Linux (x86_64, arm64 and the other generic-ioctl architectures)
    private static final long TIOCGWINSZ = 0x5413L;

    private interface C extends Library {
        int ioctl(int fd, long request, short[] winsize);
    }

    static Optional<TerminalSize> ofStandardError() {
        try {
            short[] winsize = new short[4]; // rows, columns, x pixels, y pixels
            C c = Native.load("c", C.class);
            if (c.ioctl(2, TIOCGWINSZ, winsize) != 0 || winsize[0] < 2 || winsize[1] < 2) {
                return Optional.empty();
            }
            return Optional.of(new TerminalSize(winsize[1], winsize[0]));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
