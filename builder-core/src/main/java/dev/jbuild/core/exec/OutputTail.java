package dev.jbuild.core.exec;

import dev.jbuild.core.process.TailBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The last {@link ExecResult#TAIL_BYTES} bytes a step wrote, stdout and stderr interleaved in
 * the order the pumps saw them, as text.
 */
final class OutputTail {

    private final TailBuffer ring;

    OutputTail(int capacity) {
        ring = new TailBuffer(capacity);
    }

    void append(byte[] bytes, int offset, int length) {
        ring.append(bytes, offset, length);
    }

    void append(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    /** The tail as text; a multi-byte character cut at the start is dropped rather than garbled. */
    String text() {
        byte[] ordered;
        boolean cut;
        synchronized (ring) {
            ordered = ring.bytes();
            cut = ring.written() > ordered.length;
        }
        int skip = 0;
        while (cut && skip < ordered.length && skip < 3 && (ordered[skip] & 0xC0) == 0x80) {
            skip++;
        }
        return new String(ordered, skip, ordered.length - skip, StandardCharsets.UTF_8);
    }
}
