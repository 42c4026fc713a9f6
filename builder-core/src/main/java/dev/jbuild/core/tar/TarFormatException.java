package dev.jbuild.core.tar;

import java.io.IOException;

/** The bytes are not a tar archive this reader accepts; the message names the entry or offset. */
public final class TarFormatException extends IOException {
    public TarFormatException(String message) {
        super(message);
    }
}
