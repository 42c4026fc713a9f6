package dev.jbuild.core.tar;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a tar stream entry by entry: ustar, pax (local and global headers, raw-byte
 * {@code SCHILY.xattr.*} values), GNU long names and base-256 numbers, which covers what
 * Docker, BuildKit, Go's archive/tar and GNU tar write. Sparse files are refused. Special
 * headers are capped at 1 MiB so a hostile archive cannot make the reader buffer gigabytes.
 */
public final class TarReader implements AutoCloseable {

    private static final int BLOCK = TarWriter.BLOCK;
    private static final int MAX_SPECIAL_SIZE = 1 << 20;

    private final InputStream in;
    private final byte[] block = new byte[BLOCK];
    private final Map<String, byte[]> globalPax = new HashMap<>();
    private long offset;
    private long remaining;
    private long padding;
    private boolean ended;
    private String currentName;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; unread content of the previous one is skipped. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skipRest();
        Map<String, byte[]> pax = new HashMap<>(globalPax);
        String gnuLongName = null;
        String gnuLongLink = null;
        while (true) {
            long headerOffset = offset;
            if (!readBlock(true)) {
                ended = true; // end of stream without the zero blocks: tolerated, as GNU tar does
                return null;
            }
            if (isZero(block)) {
                ended = true;
                return null;
            }
            verifyChecksum(headerOffset);
            char type = (char) block[156];
            boolean ustar = matches(block, 257, "ustar\0");
            String name = text(block, 0, 100);
            if (ustar) {
                String prefix = text(block, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            long size = number(block, 124, 12, name, "size");
            switch (type) {
                case 'x' -> {
                    parsePax(readSpecial(size, name), pax, name);
                    continue;
                }
                case 'g' -> {
                    parsePax(readSpecial(size, name), globalPax, name);
                    pax.putAll(globalPax);
                    continue;
                }
                case 'L' -> {
                    gnuLongName = cString(readSpecial(size, name));
                    continue;
                }
                case 'K' -> {
                    gnuLongLink = cString(readSpecial(size, name));
                    continue;
                }
                default -> {
                    // an ordinary entry; handled below
                }
            }
            TarEntryType entryType = entryType(type, name);
            if (gnuLongName != null) {
                name = gnuLongName;
            }
            String linkName = text(block, 157, 100);
            if (gnuLongLink != null) {
                linkName = gnuLongLink;
            }
            long uid = number(block, 108, 8, name, "uid");
            long gid = number(block, 116, 8, name, "gid");
            long mtime = number(block, 136, 12, name, "mtime");
            int mode = (int) (number(block, 100, 8, name, "mode") & 07777);
            long devMajor = ustar || matches(block, 257, "ustar ") ? number(block, 329, 8, name, "devmajor") : 0;
            long devMinor = ustar || matches(block, 257, "ustar ") ? number(block, 337, 8, name, "devminor") : 0;

            Map<String, byte[]> xattrs = new TreeMap<>();
            for (Map.Entry<String, byte[]> record : pax.entrySet()) {
                String key = record.getKey();
                String value = new String(record.getValue(), StandardCharsets.UTF_8);
                switch (key) {
                    case "path" -> name = value;
                    case "linkpath" -> linkName = value;
                    case "size" -> size = paxNumber(value, name, key);
                    case "uid" -> uid = paxNumber(value, name, key);
                    case "gid" -> gid = paxNumber(value, name, key);
                    case "mtime" -> mtime = paxSeconds(value, name);
                    default -> {
                        if (key.startsWith("SCHILY.xattr.")) {
                            xattrs.put(key.substring("SCHILY.xattr.".length()), record.getValue());
                        } else if (key.startsWith("GNU.sparse.")) {
                            throw new TarFormatException("entry " + name + " is a sparse file, which is not supported");
                        }
                    }
                }
            }
            if (entryType == TarEntryType.FILE && type == '\0' && name.endsWith("/")) {
                entryType = TarEntryType.DIRECTORY; // pre-POSIX archives mark directories by a trailing slash
            }
            boolean link = entryType == TarEntryType.SYMLINK || entryType == TarEntryType.HARDLINK;
            currentName = name;
            // Content is read for regular files; for anything else it is skipped (POSIX allows
            // a size on hardlinks and some writers put one on directories).
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            try {
                return new TarEntry(name, entryType, mode, uid, gid, entryType == TarEntryType.FILE ? size : 0,
                        mtime, link ? linkName : null, devMajor, devMinor, xattrs);
            } catch (IllegalArgumentException e) {
                throw new TarFormatException("bad tar entry at offset " + headerOffset + ": " + e.getMessage());
            }
        }
    }

    /** The content of the entry last returned by {@link #next}; read it before calling next again. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new TarFormatException("archive ends inside the content of " + currentName + ", "
                            + remaining + " bytes missing");
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void skipRest() throws IOException {
        long toSkip = remaining + padding;
        remaining = 0;
        padding = 0;
        byte[] buffer = new byte[8192];
        while (toSkip > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, toSkip));
            if (n < 0) {
                throw new TarFormatException("archive ends inside the content of " + currentName);
            }
            toSkip -= n;
            offset += n;
        }
    }

    /** Fills the block; false at a clean end of stream, an exception for a partial block. */
    private boolean readBlock(boolean endAllowed) throws IOException {
        int filled = in.readNBytes(block, 0, BLOCK);
        offset += filled;
        if (filled == 0 && endAllowed) {
            return false;
        }
        if (filled < BLOCK) {
            throw new TarFormatException("archive is truncated at offset " + offset + " (partial header block)");
        }
        return true;
    }

    private byte[] readSpecial(long size, String name) throws IOException {
        if (size > MAX_SPECIAL_SIZE) {
            throw new TarFormatException("extended header '" + name + "' is " + size + " bytes, over the 1 MiB limit");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new TarFormatException("archive ends inside extended header '" + name + "'");
        }
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        if (in.readNBytes((int) pad).length < pad) {
            throw new TarFormatException("archive ends inside extended header '" + name + "'");
        }
        offset += size + pad;
        return data;
    }

    private static void parsePax(byte[] data, Map<String, byte[]> into, String headerName) throws TarFormatException {
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break; // some writers pad the records with NULs
            }
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new TarFormatException("malformed pax record length in '" + headerName + "'");
            }
            int end = pos + length;
            if (length <= 0 || end > data.length || space >= end || data[end - 1] != '\n') {
                throw new TarFormatException("malformed pax record in '" + headerName + "'");
            }
            int equals = space + 1;
            while (equals < end - 1 && data[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1) {
                throw new TarFormatException("pax record without '=' in '" + headerName + "'");
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(data, equals + 1, end - 1);
            if (value.length == 0) {
                into.remove(key); // an empty value cancels a global setting
            } else {
                into.put(key, value);
            }
            pos = end;
        }
    }

    private static TarEntryType entryType(char flag, String name) throws TarFormatException {
        return switch (flag) {
            case '0', '\0', '7' -> TarEntryType.FILE;
            case '1' -> TarEntryType.HARDLINK;
            case '2' -> TarEntryType.SYMLINK;
            case '3' -> TarEntryType.CHAR_DEVICE;
            case '4' -> TarEntryType.BLOCK_DEVICE;
            case '5', 'D' -> TarEntryType.DIRECTORY;
            case '6' -> TarEntryType.FIFO;
            case 'S' -> throw new TarFormatException("entry " + name + " is a sparse file, which is not supported");
            default -> throw new TarFormatException("entry " + name + " has unsupported tar type '" + flag + "'");
        };
    }

    private void verifyChecksum(long headerOffset) throws TarFormatException {
        long recorded;
        try {
            recorded = number(block, 148, 8, "header", "checksum");
        } catch (TarFormatException e) {
            throw new TarFormatException("not a tar archive: bad header checksum at offset " + headerOffset);
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : block[i];
        }
        if (recorded != unsigned && recorded != signed) {
            throw new TarFormatException("not a tar archive: header checksum mismatch at offset " + headerOffset);
        }
    }

    /** An octal field, or a base-256 one (high bit of the first byte set) for large values. */
    private static long number(byte[] h, int offset, int length, String name, String field) throws TarFormatException {
        if ((h[offset] & 0x80) != 0) {
            if ((h[offset] & 0x40) != 0) {
                throw new TarFormatException("negative " + field + " in header of " + name);
            }
            long value = h[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if ((value >>> 55) != 0) {
                    throw new TarFormatException(field + " too large in header of " + name);
                }
                value = (value << 8) | (h[offset + i] & 0xff);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = h[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw new TarFormatException("invalid " + field + " field in header of " + name);
            }
            digits = true;
            value = (value << 3) | (b - '0');
        }
        return value;
    }

    private static long paxNumber(String value, String name, String key) throws TarFormatException {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new TarFormatException("invalid pax " + key + " '" + value + "' for " + name);
        }
    }

    private static long paxSeconds(String value, String name) throws TarFormatException {
        try {
            return new BigDecimal(value).setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TarFormatException("invalid pax mtime '" + value + "' for " + name);
        }
    }

    private static String text(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean matches(byte[] h, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (h[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
