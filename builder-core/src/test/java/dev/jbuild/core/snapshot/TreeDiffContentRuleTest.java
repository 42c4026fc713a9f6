package dev.jbuild.core.snapshot;

import static dev.jbuild.core.layer.LayerChange.modified;
import static dev.jbuild.core.snapshot.TestLayers.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.cache.blob.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the differ trusts what it sees: an inode untouched since the copy is unchanged; otherwise file content is
 * read only when metadata is equal and cannot rule out a hidden rewrite.
 */
class TreeDiffContentRuleTest {

    @TempDir
    Path temp;

    private Path lower;
    private Path upper;

    /** Two trees with one file of equal size and mtime but different bytes. */
    private void sameMetadataDifferentBytes(Instant mtime) throws IOException {
        lower = temp.resolve("lower");
        upper = temp.resolve("upper");
        write(lower.resolve("f"), "old!");
        write(upper.resolve("f"), "new!");
        Files.setLastModifiedTime(lower.resolve("f"), FileTime.from(mtime));
        Files.setLastModifiedTime(upper.resolve("f"), FileTime.from(mtime));
    }

    @Test
    void wholeSecondMtimesMeanTheBytesAreCompared() throws IOException {
        sameMetadataDifferentBytes(Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(List.of(modified("f")), TreeDiff.compare(lower, upper, Long.MIN_VALUE, Set.of()).changes());
    }

    @Test
    void anInodeUntouchedSinceTheCopyIsTakenAsUnchanged() throws IOException {
        // A ctime before the copy finished means nothing touched the inode since, so it is the parent's;
        // pretending the copy finished in the far future shows that such a file is neither compared nor read.
        sameMetadataDifferentBytes(Instant.parse("2024-01-01T00:00:00Z"));
        Files.writeString(upper.resolve("f"), "a different size");
        assertEquals(List.of(), TreeDiff.compare(lower, upper, Long.MAX_VALUE, Set.of()).changes());
    }

    @Test
    void aClockSteppedBackDuringTheStepMakesTheSnapshotTrustNoCtime() throws IOException {
        sameMetadataDifferentBytes(Instant.parse("2024-01-01T00:00:00Z"));
        Path directory = Files.createDirectories(temp.resolve("snapshot"));
        Files.move(upper, MaterializedChains.rootOf(directory));
        long copied = System.currentTimeMillis() * 1_000_000 + 1_000_000_000L; // "after" every ctime here
        NativeSnapshot snapshot = new NativeSnapshot(LayerChain.EMPTY, lower, directory, copied, () -> copied - 1,
                new BlobStore(temp.resolve("blobs")), new MaterializedChains(temp.resolve("chains")));
        assertEquals(List.of(modified("f")), snapshot.diff(), "the clock now reads before the copy: compare all");
        NativeSnapshot steady = new NativeSnapshot(LayerChain.EMPTY, lower, directory, copied, () -> copied,
                new BlobStore(temp.resolve("blobs")), new MaterializedChains(temp.resolve("chains")));
        assertEquals(List.of(), steady.diff(), "with a steady clock the untouched file is trusted");
    }

    @Test
    void equalNanosecondMtimesAreTrustedWithoutReading() throws IOException {
        // Nanosecond mtimes were not restored from a tar: an equal one means the same write (BuildKit's rule too).
        sameMetadataDifferentBytes(Instant.parse("2024-01-01T00:00:00.123456789Z"));
        assertEquals(List.of(), TreeDiff.compare(lower, upper, Long.MIN_VALUE, Set.of()).changes());
    }
}
