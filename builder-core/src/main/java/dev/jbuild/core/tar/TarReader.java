package dev.jbuild.core.tar;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a tar stream entry by entry: ustar, pax (local and global headers, raw-byte
 * {@code SCHILY.xattr.*} values), GNU long names and base-256 numbers, which covers what
 * Docker, BuildKit, Go's archive/tar and GNU tar write. Sparse files, in GNU tar's four
 * formats (old GNU headers and PAX 0.0, 0.1 and 1.0), are read as Go's archive/tar reads them:
 * an entry of the file's real size whose holes read as zeros. Special headers and sparse maps
 * are capped at 1 MiB so a hostile archive cannot make the reader buffer gigabytes.
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
    private SparseMap currentSparse;

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
        List<Long> sparseOffsets = new ArrayList<>(); // PAX 0.0 repeats its offset and numbytes records
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
                    parsePax(readSpecial(size, name), pax, name, sparseOffsets);
                    continue;
                }
                case 'g' -> {
                    parsePax(readSpecial(size, name), globalPax, name, null);
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
            SparseMap sparse = type == 'S' ? oldGnuSparseMap(name) : null;
            Map<String, String> sparseRecords = new HashMap<>();

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
                            sparseRecords.put(key.substring("GNU.sparse.".length()), value);
                        }
                    }
                }
            }
            if (entryType == TarEntryType.FILE && type == '\0' && name.endsWith("/")) {
                entryType = TarEntryType.DIRECTORY; // pre-POSIX archives mark directories by a trailing slash
            }
            boolean link = entryType == TarEntryType.SYMLINK || entryType == TarEntryType.HARDLINK;
            if (sparse == null && !sparseRecords.isEmpty() && entryType == TarEntryType.FILE) {
                name = sparseRecords.getOrDefault("name", name);
            }
            currentName = name;
            // Content is read for regular files; for anything else it is skipped (POSIX allows
            // a size on hardlinks and some writers put one on directories).
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (sparse == null && !sparseRecords.isEmpty() && entryType == TarEntryType.FILE) {
                sparse = paxSparseMap(sparseRecords, sparseOffsets, name);
            }
            currentSparse = sparse;
            if (sparse != null) {
                if (sparse.storedSize() != remaining) {
                    throw new TarFormatException("sparse file " + name + " stores " + remaining
                            + " bytes but its map lists " + sparse.storedSize());
                }
                size = sparse.realSize();
            }
            try {
                return new TarEntry(name, entryType, mode, uid, gid, entryType == TarEntryType.FILE ? size : 0,
                        mtime, link ? linkName : null, devMajor, devMinor, xattrs);
            } catch (IllegalArgumentException e) {
                throw new TarFormatException("bad tar entry at offset " + headerOffset + ": " + e.getMessage());
            }
        }
    }

    /**
     * The content of the entry last returned by {@link #next}, a sparse file's holes as zeros;
     * read it before calling next again.
     */
    public InputStream content() {
        InputStream stored = storedContent();
        return currentSparse == null ? stored : currentSparse.expand(stored);
    }

    private InputStream storedContent() {
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

    /** Parses pax records into {@code into}; PAX 0.0 sparse offsets and lengths, repeated, go in order to {@code sparse}. */
    private static void parsePax(byte[] data, Map<String, byte[]> into, String headerName, List<Long> sparse)
            throws TarFormatException {
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
            if (sparse != null && (key.equals("GNU.sparse.offset") || key.equals("GNU.sparse.numbytes"))) {
                sparse.add(paxNumber(new String(value, StandardCharsets.US_ASCII), headerName, key));
                pos = end;
                continue;
            }
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
            case 'S' -> TarEntryType.FILE;
            default -> throw new TarFormatException("entry " + name + " has unsupported tar type '" + flag + "'");
        };
    }

    /**
     * The map of an old GNU sparse header ({@code S}): up to four segments in the header, more
     * in extension blocks that follow it, each flagged by the one before; the real size at 483.
     */
    private SparseMap oldGnuSparseMap(String name) throws IOException {
        if (!matches(block, 257, "ustar  \0")) {
            throw new TarFormatException("sparse entry " + name + " is not in GNU format");
        }
        long realSize = number(block, 483, 12, name, "sparse real size");
        List<SparseMap.Segment> segments = new ArrayList<>();
        readSegments(386, 4, segments, name);
        boolean extended = block[482] != 0;
        while (extended) {
            if (segments.size() > MAX_SPECIAL_SIZE / 24) {
                throw new TarFormatException("sparse map of " + name + " is over the 1 MiB limit");
            }
            if (!readBlock(false)) {
                throw new TarFormatException("archive ends inside the sparse map of " + name);
            }
            readSegments(0, 21, segments, name);
            extended = block[504] != 0;
        }
        return SparseMap.validated(segments, realSize, name);
    }

    /** Reads up to {@code count} 24-byte segments at {@code at}. */
    private void readSegments(int at, int count, List<SparseMap.Segment> into, String name)
            throws TarFormatException {
        for (int i = 0; i < count; i++) {
            int entry = at + i * 24;
            if (block[entry] == 0) {
                return; // as GNU tar and Go: an empty offset ends this block's list, not the map
            }
            into.add(new SparseMap.Segment(number(block, entry, 12, name, "sparse offset"),
                    number(block, entry + 12, 12, name, "sparse length")));
        }
    }

    /**
     * The map of a PAX sparse file: 0.0 (repeated offset and numbytes records), 0.1 (one
     * {@code map} record) or 1.0 (the map at the start of the data, in decimal lines padded to a
     * block, which is read here and no longer counts as content).
     */
    private SparseMap paxSparseMap(Map<String, String> records, List<Long> offsets, String name) throws IOException {
        String major = records.get("major");
        String minor = records.get("minor");
        if ("1".equals(major) && "0".equals(minor)) {
            long realSize = paxNumber(records.getOrDefault("realsize", ""), name, "GNU.sparse.realsize");
            return SparseMap.validated(segments(dataMapNumbers(name), name), realSize, name);
        }
        if (major != null && !("0".equals(major) && ("0".equals(minor) || "1".equals(minor)))) {
            throw new TarFormatException("sparse file " + name + " uses GNU sparse format " + major + "." + minor
                    + ", which is not supported");
        }
        String size = records.containsKey("size") ? records.get("size") : records.getOrDefault("realsize", "");
        long realSize = paxNumber(size, name, "GNU.sparse.size");
        List<Long> numbers = new ArrayList<>();
        if (records.containsKey("map")) {
            String map = records.get("map");
            for (String part : map.isEmpty() ? new String[0] : map.split(",", -1)) {
                numbers.add(paxNumber(part, name, "GNU.sparse.map"));
            }
        } else {
            numbers.addAll(offsets);
        }
        return SparseMap.validated(segments(numbers, name), realSize, name);
    }

    private static long decimalLine(InputStream data, String name) throws IOException {
        long value = 0;
        int digits = 0;
        for (int b = data.read(); b != '\n'; b = data.read()) {
            if (b < '0' || b > '9' || digits == 18) {
                throw new TarFormatException("malformed sparse map in the data of " + name);
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        if (digits == 0) {
            throw new TarFormatException("malformed sparse map in the data of " + name);
        }
        return value;
    }

    private static List<SparseMap.Segment> segments(List<Long> numbers, String name) throws TarFormatException {
        if (numbers.size() % 2 != 0) {
            throw new TarFormatException("sparse map of " + name + " has an offset without a length");
        }
        List<SparseMap.Segment> segments = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i += 2) {
            segments.add(new SparseMap.Segment(numbers.get(i), numbers.get(i + 1)));
        }
        return segments;
    }

    /** PAX 1.0: a count, then that many offset and length pairs, one decimal number a line, padded to a block. */
    private List<Long> dataMapNumbers(String name) throws IOException {
        InputStream data = storedContent();
        long before = remaining;
        long count = decimalLine(data, name);
        if (count > MAX_SPECIAL_SIZE / 16) {
            throw new TarFormatException("sparse map of " + name + " is over the 1 MiB limit");
        }
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < 2 * count; i++) {
            numbers.add(decimalLine(data, name));
        }
        long read = before - remaining;
        long pad = (BLOCK - read % BLOCK) % BLOCK;
        if (data.readNBytes((int) pad).length < pad) {
            throw new TarFormatException("archive ends inside the sparse map of " + name);
        }
        return numbers;
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
