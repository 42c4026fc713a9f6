package dev.jbuild.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.core.compress.Compression;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer blobs compressed once and remembered, against a real blob store in a temporary directory. */
class LayerConversionsTest {

    @TempDir
    Path dir;

    private BlobStore blobs() {
        return new BlobStore(dir.resolve("data"));
    }

    private static byte[] tar() {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        // half random, half zeros: compresses, and not to nothing
        Arrays.fill(content, 150_000, content.length, (byte) 0);
        return content;
    }

    private static byte[] plain(BlobStore blobs, StoredBlob blob) throws Exception {
        try (InputStream in = Compression.decompress(blobs.open(blob.digest()))) {
            return in.readAllBytes();
        }
    }

    @Test
    void convertedBlobHoldsTheSameTarAndTheSecondAskReadsOnlyTheRecord() throws Exception {
        BlobStore blobs = blobs();
        StoredBlob source = blobs.write(new ByteArrayInputStream(tar()));
        LayerConversions conversions = new LayerConversions(blobs);

        StoredBlob gzip = conversions.convert(source.digest(), Compression.GZIP, Optional.empty());
        assertArrayEquals(tar(), plain(blobs, gzip));
        assertEquals(Files.size(blobs.path(gzip.digest())), gzip.size());
        // Without its source the layer could not be compressed again, so an answer now comes from the record.
        blobs.delete(source.digest());

        assertEquals(gzip, new LayerConversions(blobs).convert(source.digest(), Compression.GZIP, Optional.empty()));
    }

    @Test
    void eachCompressionAndLevelIsItsOwnConversion() throws Exception {
        BlobStore blobs = blobs();
        StoredBlob source = blobs.write(new ByteArrayInputStream(tar()));
        LayerConversions conversions = new LayerConversions(blobs);

        StoredBlob standard = conversions.convert(source.digest(), Compression.GZIP, Optional.empty());
        StoredBlob six = conversions.convert(source.digest(), Compression.GZIP, Optional.of(6));
        StoredBlob one = conversions.convert(source.digest(), Compression.GZIP, Optional.of(1));
        StoredBlob zstd = conversions.convert(source.digest(), Compression.ZSTD, Optional.empty());

        assertEquals(standard, six, "the default level is 6");
        assertNotEquals(standard.digest(), one.digest());
        assertNotEquals(standard.digest(), zstd.digest());
        assertArrayEquals(tar(), plain(blobs, zstd));
        try (var records = Files.list(dir.resolve("data").resolve(LayerConversions.DIRECTORY))) {
            assertEquals(3, records.count());
        }
    }

    @Test
    void aRecordWhoseBlobIsGoneOrThatIsTornIsConvertedAgain() throws Exception {
        BlobStore blobs = blobs();
        StoredBlob source = blobs.write(new ByteArrayInputStream(tar()));
        LayerConversions conversions = new LayerConversions(blobs);
        StoredBlob gzip = conversions.convert(source.digest(), Compression.GZIP, Optional.empty());

        blobs.delete(gzip.digest());
        assertEquals(gzip, conversions.convert(source.digest(), Compression.GZIP, Optional.empty()),
                "a pruned conversion is made again, to the same bytes");
        assertArrayEquals(tar(), plain(blobs, gzip));

        Path record;
        try (var records = Files.list(dir.resolve("data").resolve(LayerConversions.DIRECTORY))) {
            record = records.findFirst().orElseThrow();
        }
        Files.writeString(record, "");
        assertEquals(gzip, conversions.convert(source.digest(), Compression.GZIP, Optional.empty()));
        assertFalse(Files.readString(record).isEmpty(), "the torn record is written again");
    }
}
