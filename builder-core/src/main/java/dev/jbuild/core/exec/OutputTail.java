package dev.jbuild.core.exec;

import java.nio.charset.StandardCharsets;

/**
 * The last {@link ExecResult#TAIL_BYTES} bytes a step wrote, stdout and stderr interleaved in
 * the order the pumps saw them. A fixed ring, so a step that writes gigabytes costs no memory.
 */
final class OutputTail {

    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        if (length > ring.length) {
            // Only the last capacity bytes can survive; account for the rest as already overwritten.
            written += length - ring.length;
            offset += length - ring.length;
            length = ring.length;
        }
        int position = (int) (written % ring.length);
        int first = Math.min(length, ring.length - position);
        System.arraycopy(bytes, offset, ring, position, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        written += length;
    }

    synchronized void append(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    /** The tail as text; a multi-byte character cut at the start is dropped rather than garbled. */
    synchronized String text() {
        byte[] ordered;
        if (written <= ring.length) {
            ordered = java.util.Arrays.copyOf(ring, (int) written);
        } else {
            int start = (int) (written % ring.length);
            ordered = new byte[ring.length];
            System.arraycopy(ring, start, ordered, 0, ring.length - start);
            System.arraycopy(ring, 0, ordered, ring.length - start, start);
        }
        int skip = 0;
        while (written > ring.length && skip < ordered.length && skip < 3 && (ordered[skip] & 0xC0) == 0x80) {
            skip++;
        }
        return new String(ordered, skip, ordered.length - skip, StandardCharsets.UTF_8);
    }
}
