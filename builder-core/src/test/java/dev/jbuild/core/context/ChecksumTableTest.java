package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

class ChecksumTableTest {

    private static ChecksumMemo.Key key(long i) {
        // keys that differ in one field only, as the files of one directory do (same device and times)
        return new ChecksumMemo.Key(64769, 1_000_000 + i, 4096, 1_700_000_000_000_000_000L, 1_700_000_000_000_000_000L);
    }

    private static byte[] digest(long i) {
        byte[] digest = new byte[32];
        for (int b = 0; b < 32; b++) {
            digest[b] = (byte) (i * 31 + b * 7 - 128);
        }
        return digest;
    }

    @Test
    void everyEntryIsFoundAgainAfterTheTableGrows() {
        ChecksumTable table = new ChecksumTable();
        for (long i = 0; i < 20_000; i++) {
            table.put(key(i), digest(i), i);
        }

        assertEquals(20_000, table.size());
        for (long i = 0; i < 20_000; i++) {
            int entry = table.find(key(i));
            assertEquals(key(i), table.key(entry));
            assertArrayEquals(digest(i), table.digest(entry));
            assertEquals(i, table.lastUsed(entry));
        }
        assertEquals(-1, table.find(key(20_000)));
        assertEquals(-1, table.find(new ChecksumMemo.Key(64770, 1_000_000, 4096, 1_700_000_000_000_000_000L,
                1_700_000_000_000_000_000L)), "another device, same inode");
    }

    @Test
    void puttingAKeyAgainReplacesItsDigestAndLastUse() {
        ChecksumTable table = new ChecksumTable();
        table.put(key(1), digest(1), 10);
        table.put(key(1), digest(2), 20);

        assertEquals(1, table.size());
        int entry = table.find(key(1));
        assertArrayEquals(digest(2), table.digest(entry));
        assertEquals(20, table.lastUsed(entry));
        table.touch(entry, 30);
        assertEquals(30, table.lastUsed(table.find(key(1))));
    }

    @Test
    void loadTakesEntriesInTheLayoutTheMemoFileHas() {
        LongBuffer saved = LongBuffer.allocate(20);
        saved.put(new long[] {7, 8, 9, 10, 11, 0x0102030405060708L, 0, 0, -1L, 42});
        saved.put(new long[] {7, 9, 9, 10, 11, 0, 0, 0, 0, 43}).flip();
        ChecksumTable table = new ChecksumTable();

        table.load(saved, 2);

        assertEquals(2, table.size());
        int first = table.find(new ChecksumMemo.Key(7, 8, 9, 10, 11));
        byte[] digest = table.digest(first);
        assertEquals(1, digest[0]);
        assertEquals(8, digest[7]);
        assertEquals(-1, digest[31]);
        assertEquals(42, table.lastUsed(first));
        assertEquals(43, table.lastUsed(table.find(new ChecksumMemo.Key(7, 9, 9, 10, 11))));
        assertThrows(IllegalStateException.class, () -> table.load(LongBuffer.allocate(0), 0));
    }

    @Test
    void aDigestMustBeSha256Sized() {
        assertThrows(IllegalArgumentException.class, () -> new ChecksumTable().put(key(1), new byte[20], 0));
    }
}
