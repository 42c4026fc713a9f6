package dev.jbuild.core.context;

import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * The checksum memo's entries, ten longs each (the key's five fields, the SHA-256's four words,
 * the last use) in one array, found through an open-addressed index of entry numbers. A map of
 * records held five objects an entry, about 230 bytes, where this holds 90 to 140: at the memo's
 * limit of 250,000 entries, some 30 MB less of every build's live heap. Entries are numbered
 * 0 to {@link #size} - 1 in the order they were added. Not thread-safe: {@link ChecksumMemo}
 * locks it.
 */
final class ChecksumTable {

    private static final int KEY_FIELDS = 5;
    private static final int DIGEST_WORDS = 4;
    private static final int FIELDS = KEY_FIELDS + DIGEST_WORDS + 1;
    private static final int LAST_USED = FIELDS - 1;

    private long[] entries = new long[256 * FIELDS];
    // entry number + 1 at a key's probe position, 0 where free; at most half full
    private int[] index = new int[512];
    private int size;

    int size() {
        return size;
    }

    /** The number of {@code key}'s entry, or -1. */
    int find(ChecksumMemo.Key key) {
        int mask = index.length - 1;
        for (int position = hash(key.device(), key.inode(), key.size(), key.mtimeNanos(), key.ctimeNanos()) & mask; index[position] != 0; position = (position + 1) & mask) {
            int entry = index[position] - 1;
            if (matches(entry, key)) {
                return entry;
            }
        }
        return -1;
    }

    ChecksumMemo.Key key(int entry) {
        int base = entry * FIELDS;
        return new ChecksumMemo.Key(entries[base], entries[base + 1], entries[base + 2], entries[base + 3],
                entries[base + 4]);
    }

    /** The SHA-256 of an entry, 32 bytes. */
    byte[] digest(int entry) {
        byte[] digest = new byte[DIGEST_WORDS * Long.BYTES];
        int base = entry * FIELDS + KEY_FIELDS;
        for (int word = 0; word < DIGEST_WORDS; word++) {
            long value = entries[base + word];
            for (int b = 0; b < Long.BYTES; b++) {
                digest[word * Long.BYTES + b] = (byte) (value >>> (56 - 8 * b));
            }
        }
        return digest;
    }

    long lastUsed(int entry) {
        return entries[entry * FIELDS + LAST_USED];
    }

    void touch(int entry, long lastUsed) {
        entries[entry * FIELDS + LAST_USED] = lastUsed;
    }

    /** Adds the entry of {@code key}, or replaces its digest and last use; {@code sha256} holds 32 bytes. */
    void put(ChecksumMemo.Key key, byte[] sha256, long lastUsed) {
        if (sha256.length != DIGEST_WORDS * Long.BYTES) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes, got " + sha256.length);
        }
        int entry = find(key);
        if (entry < 0) {
            entry = add(key);
        }
        int base = entry * FIELDS + KEY_FIELDS;
        for (int word = 0; word < DIGEST_WORDS; word++) {
            long value = 0;
            for (int b = 0; b < Long.BYTES; b++) {
                value = (value << 8) | (sha256[word * Long.BYTES + b] & 0xff);
            }
            entries[base + word] = value;
        }
        touch(entry, lastUsed);
    }

    /**
     * Fills this empty table with {@code count} entries laid out as it keeps them (the memo's
     * file format): one bulk copy and an index, no object per entry, as loading the memo is on
     * the way to every build's first step (120,000 entries took 60 ms one by one).
     */
    void load(LongBuffer in, int count) {
        if (size != 0) {
            throw new IllegalStateException("a table is loaded only while empty; it holds " + size + " entries");
        }
        entries = new long[Math.max(count, 256) * FIELDS];
        in.get(entries, 0, count * FIELDS);
        size = count;
        int capacity = index.length;
        while (size * 2 > capacity) {
            capacity *= 2;
        }
        index = new int[capacity];
        for (int entry = 0; entry < size; entry++) {
            insert(entry);
        }
    }

    private int add(ChecksumMemo.Key key) {
        if (size * FIELDS == entries.length) {
            entries = Arrays.copyOf(entries, (size + (size >> 1)) * FIELDS);
        }
        int entry = size++;
        int base = entry * FIELDS;
        entries[base] = key.device();
        entries[base + 1] = key.inode();
        entries[base + 2] = key.size();
        entries[base + 3] = key.mtimeNanos();
        entries[base + 4] = key.ctimeNanos();
        if (size * 2 > index.length) {
            index = new int[index.length * 2];
            for (int i = 0; i < size; i++) {
                insert(i);
            }
        } else {
            insert(entry);
        }
        return entry;
    }

    private void insert(int entry) {
        int mask = index.length - 1;
        int base = entry * FIELDS;
        int position = hash(entries[base], entries[base + 1], entries[base + 2], entries[base + 3], entries[base + 4])
                & mask;
        while (index[position] != 0) {
            position = (position + 1) & mask;
        }
        index[position] = entry + 1;
    }

    private boolean matches(int entry, ChecksumMemo.Key key) {
        int base = entry * FIELDS;
        return entries[base + 1] == key.inode() && entries[base] == key.device() && entries[base + 2] == key.size()
                && entries[base + 3] == key.mtimeNanos() && entries[base + 4] == key.ctimeNanos();
    }

    private static int hash(long device, long inode, long size, long mtimeNanos, long ctimeNanos) {
        long h = inode;
        h = h * 31 + device;
        h = h * 31 + size;
        h = h * 31 + mtimeNanos;
        h = h * 31 + ctimeNanos;
        // spread the bits: probing uses the low ones
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }
}
