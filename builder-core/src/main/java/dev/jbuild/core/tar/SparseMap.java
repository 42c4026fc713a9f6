package dev.jbuild.core.tar;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Where a sparse file's stored data lies in the file GNU tar recorded: segments (offset and
 * length in the file, in order, not overlapping) whose bytes follow each other in the archive,
 * and the file's real size; everything between the segments is a hole that reads as zeros.
 */
record SparseMap(List<Segment> segments, long realSize) {

    /** One stretch of stored data. */
    record Segment(long offset, long length) {
    }

    SparseMap {
        segments = List.copyOf(segments);
    }

    /** Checks the map the way Go's archive/tar does before trusting it; {@code name} is for the error. */
    static SparseMap validated(List<Segment> segments, long realSize, String name) throws TarFormatException {
        long end = 0;
        for (Segment s : segments) {
            if (s.offset() < end || s.length() < 0 || s.offset() > realSize - s.length()) {
                throw new TarFormatException("sparse map of " + name + " has a segment at " + s.offset() + " of "
                        + s.length() + " bytes that overlaps another or lies beyond the file's " + realSize + " bytes");
            }
            end = s.offset() + s.length();
        }
        return new SparseMap(segments, realSize);
    }

    /** The bytes stored in the archive: the segments' lengths together. */
    long storedSize() {
        long total = 0;
        for (Segment s : segments) {
            total += s.length();
        }
        return total;
    }

    /** The file's content: {@code stored} (the segments' bytes, one after another) with the holes filled by zeros. */
    InputStream expand(InputStream stored) {
        return new InputStream() {
            private long position;
            private int next;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= realSize) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                while (next < segments.size() && position >= segments.get(next).offset() + segments.get(next).length()) {
                    next++;
                }
                if (next < segments.size() && position >= segments.get(next).offset()) {
                    Segment s = segments.get(next);
                    int n = stored.read(b, off, (int) Math.min(len, s.offset() + s.length() - position));
                    if (n < 0) {
                        throw new TarFormatException("archive ends inside the stored data of a sparse file");
                    }
                    position += n;
                    return n;
                }
                long holeEnd = next < segments.size() ? segments.get(next).offset() : realSize;
                int n = (int) Math.min(len, holeEnd - position);
                Arrays.fill(b, off, off + n, (byte) 0);
                position += n;
                return n;
            }
        };
    }
}
