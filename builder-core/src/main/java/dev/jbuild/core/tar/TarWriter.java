package dev.jbuild.core.tar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a POSIX (pax) tar stream byte for byte the same for the same entries: no user or
 * group names, no access times, no process ids in header names, and pax records sorted
 * by key. A pax header is added only where ustar cannot hold a value: a long or non-ASCII
 * name or link, an out-of-range number, or an extended attribute. Attribute values are
 * written as raw bytes, because {@code security.capability} is binary and a text round
 * trip would corrupt it (one reason this is not commons-compress's tar writer).
 */
public final class TarWriter implements AutoCloseable {

    static final int BLOCK = 512;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final byte[] ZEROS = new byte[BLOCK * 2];

    private final OutputStream out;
    // one for every entry's content: a buffer per entry was most of what a many-file layer allocated
    private final byte[] buffer = new byte[1 << 16];
    private boolean finished;

    /** Writes to {@code out}; {@link #finish} ends the archive, {@link #close} also closes {@code out}. */
    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes an entry without content (anything but a non-empty regular file). */
    public void write(TarEntry entry) throws IOException {
        if (entry.size() != 0) {
            throw new IllegalArgumentException("entry " + entry.name() + " has " + entry.size()
                    + " bytes of content; pass them");
        }
        writeHeaders(entry);
    }

    /** Writes an entry and exactly {@code entry.size()} bytes of content from the stream. */
    public void write(TarEntry entry, InputStream content) throws IOException {
        writeHeaders(entry);
        long remaining = entry.size();
        while (remaining > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("content of " + entry.name() + " ended " + remaining + " bytes short of "
                        + entry.size() + " (file changed while being archived?)");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
        pad(entry.size());
    }

    /** Writes the end-of-archive marker (two zero blocks); the underlying stream stays open and unflushed. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        // No flush here: a flush inside a compressor can change its output, and callers decide.
        out.write(ZEROS);
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }

    private void writeHeaders(TarEntry entry) throws IOException {
        if (finished) {
            throw new IllegalStateException("tar archive already finished");
        }
        Map<String, byte[]> pax = new TreeMap<>();
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        if (name.length > 100 || !isAscii(name)) {
            pax.put("path", name);
        }
        if (entry.linkName() != null) {
            byte[] link = entry.linkName().getBytes(StandardCharsets.UTF_8);
            if (link.length > 100 || !isAscii(link)) {
                pax.put("linkpath", link);
            }
        }
        numberRecord(pax, "uid", entry.uid(), MAX_OCTAL_7);
        numberRecord(pax, "gid", entry.gid(), MAX_OCTAL_7);
        numberRecord(pax, "size", entry.size(), MAX_OCTAL_11);
        numberRecord(pax, "mtime", entry.mtime(), MAX_OCTAL_11);
        entry.xattrs().forEach((key, value) -> pax.put("SCHILY.xattr." + key, value));

        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            String base = entry.name().replaceAll("/+$", "");
            base = base.substring(base.lastIndexOf('/') + 1);
            String paxName = truncate("PaxHeaders/" + base, 100);
            out.write(header(paxName, 'x', 0644, 0, 0, records.length, 0, "", 0, 0));
            out.write(records);
            pad(records.length);
        }
        out.write(header(truncate(entry.name(), 100), entry.type().flag(), entry.mode(), entry.uid(), entry.gid(),
                entry.size(), entry.mtime(), entry.linkName() == null ? "" : truncate(entry.linkName(), 100),
                entry.devMajor(), entry.devMinor()));
    }

    private static void numberRecord(Map<String, byte[]> pax, String key, long value, long max) {
        if (value < 0 || value > max) {
            pax.put(key, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void pad(long size) throws IOException {
        int remainder = (int) (size % BLOCK);
        if (remainder != 0) {
            out.write(ZEROS, 0, BLOCK - remainder);
        }
    }

    /** pax records are "LEN key=value\n" where LEN counts the whole record, its own digits included. */
    static byte[] paxRecords(Map<String, byte[]> records) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int rest = 1 + keyBytes.length + 1 + value.length + 1; // space, key, '=', value, newline
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() != Integer.toString(rest).length()) {
                length = rest + Integer.toString(length).length();
            }
            buffer.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            buffer.write(' ');
            buffer.writeBytes(keyBytes);
            buffer.write('=');
            buffer.writeBytes(value);
            buffer.write('\n');
        });
        return buffer.toByteArray();
    }

    private static byte[] header(String name, char type, int mode, long uid, long gid, long size, long mtime,
            String linkName, long devMajor, long devMinor) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid > MAX_OCTAL_7 ? 0 : uid);
        octal(h, 116, 8, gid > MAX_OCTAL_7 ? 0 : gid);
        octal(h, 124, 12, size > MAX_OCTAL_11 ? 0 : size);
        octal(h, 136, 12, mtime < 0 || mtime > MAX_OCTAL_11 ? 0 : mtime);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, linkName);
        put(h, 257, 6, "ustar\0");
        put(h, 263, 2, "00");
        if (type == TarEntryType.CHAR_DEVICE.flag() || type == TarEntryType.BLOCK_DEVICE.flag()) {
            octal(h, 329, 8, Math.min(devMajor, MAX_OCTAL_7));
            octal(h, 337, 8, Math.min(devMinor, MAX_OCTAL_7));
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum); // six digits, NUL, and the space already there
        return h;
    }

    /** Zero-padded octal filling the field but its last byte, which stays NUL. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        int width = length - 1;
        if (digits.length() > width) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + length + "-byte tar field");
        }
        for (int i = 0; i < width; i++) {
            int from = i - (width - digits.length());
            h[offset + i] = (byte) (from < 0 ? '0' : digits.charAt(from));
        }
        h[offset + width] = 0;
    }

    private static void put(byte[] h, int offset, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, h, offset, Math.min(bytes.length, length));
    }

    /** Keeps at most {@code max} UTF-8 bytes, never splitting a character. */
    private static String truncate(String text, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return text;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
