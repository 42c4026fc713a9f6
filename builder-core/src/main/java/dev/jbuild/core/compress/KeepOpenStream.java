package dev.jbuild.core.compress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream whose close only flushes: compressors and tar writers close the stream they write
 * to when they finish, and this keeps a stream their caller owns (a blob writer still to be
 * committed, standard output) open.
 */
public final class KeepOpenStream extends FilterOutputStream {

    public KeepOpenStream(OutputStream out) {
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
