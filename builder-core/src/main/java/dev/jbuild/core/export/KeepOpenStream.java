package dev.jbuild.core.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A stream whose close only flushes: for writers that close what they write to, over a stream someone else owns. */
final class KeepOpenStream extends FilterOutputStream {

    KeepOpenStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
