package dev.jbuild.core.process;

import java.util.Arrays;

/**
 * The last {@code capacity} bytes written to it, and how many were written in all: a fixed
 * ring, so a child that writes gigabytes costs no memory. Safe to write from several threads.
 */
public final class TailBuffer {

    private final byte[] ring;
    private long written;

    public TailBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        ring = new byte[capacity];
    }

    public synchronized void append(byte[] bytes, int offset, int length) {
        if (length > ring.length) {
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

    public synchronized long written() {
        return written;
    }

    /** The kept bytes, oldest first. */
    public synchronized byte[] bytes() {
        if (written <= ring.length) {
            return Arrays.copyOf(ring, (int) written);
        }
        int start = (int) (written % ring.length);
        byte[] ordered = new byte[ring.length];
        System.arraycopy(ring, start, ordered, 0, ring.length - start);
        System.arraycopy(ring, 0, ordered, ring.length - start, start);
        return ordered;
    }
}
