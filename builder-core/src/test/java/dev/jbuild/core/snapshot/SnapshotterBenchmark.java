package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.TreeDeletion;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Timings of the native snapshotter on a 100 MB, 5,000-file parent of two gzip layers:
 * prepare with nothing cached (unpack, store, copy), prepare again (copy), and diff after
 * ten files changed, next to what plain unpacking takes. Not a test (timings are never
 * asserted): run its {@link #main} on the test classpath, as scripts/bench-parser does for the
 * parser; prints medians and minimums.
 */
public final class SnapshotterBenchmark {

    private static final int FILES = 5_000;
    private static final int ROUNDS = 5;

    public static void main(String[] args) throws IOException {
        // -Djbuild.bench.dir=/dev/shm/x measures on tmpfs, without the disk's write-back in the figures.
        String dir = System.getProperty("jbuild.bench.dir", System.getProperty("java.io.tmpdir"));
        Path temp = Files.createTempDirectory(Files.createDirectories(Path.of(dir)), "bench");
        try {
            new SnapshotterBenchmark().run(temp);
        } finally {
            TreeDeletion.delete(temp);
        }
    }

    private void run(Path temp) throws IOException {
        BlobStore blobs = new BlobStore(temp.resolve("blobs"));
        List<LayerBlob> chain = List.of(
                TestLayers.ofDirectory(blobs, tree(temp.resolve("lower"), 0, FILES * 3 / 5)),
                TestLayers.ofDirectory(blobs, tree(temp.resolve("upper"), FILES * 3 / 5, FILES)));

        long[] cold = new long[ROUNDS];
        long[] warm = new long[ROUNDS];
        long[] diff = new long[ROUNDS];
        long[] diffReadingAll = new long[ROUNDS];
        long[] commit = new long[ROUNDS];
        long[] applyOnly = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            // Each round deletes what it wrote, so dirty pages do not pile up into write-back stalls.
            Path unpacked = temp.resolve("applied-" + round);
            applyOnly[round] = time(() -> TestLayers.applied(blobs, unpacked, chain));
            TreeDeletion.delete(unpacked);
            try (NativeSnapshotter snapshotter = new NativeSnapshotter(temp.resolve("work-" + round), blobs)) {
                cold[round] = time(() -> close(snapshotter.prepare(chain)));
                MutableSnapshot snapshot = snapshotter.prepare(chain);
                warm[round] = time(() -> close(snapshotter.prepare(chain)));
                changeTenFiles(snapshot.root());
                List<LayerChange> changes = new ArrayList<>();
                diff[round] = time(() -> changes.addAll(snapshot.diff()));
                assertEquals(10, changes.size(), changes.toString());
                Path parent = snapshotter.workRoot().resolve("chains/sha256")
                        .resolve(LayerChain.of(chain.get(0).diffId(), chain.get(1).diffId()).chainId().hex()).resolve("rootfs");
                diffReadingAll[round] = time(() -> TreeDiff.compare(parent, snapshot.root(), Long.MIN_VALUE, Set.of()));
                commit[round] = time(() -> snapshot.commit(TestLayers.OPTIONS));
            }
            TreeDeletion.delete(temp.resolve("work-" + round));
        }
        System.out.printf("native snapshotter in %s, %d files, %d MB parent in 2 gzip layers, median of %d (min):%n",
                temp, FILES, (size(temp.resolve("lower")) + size(temp.resolve("upper"))) / 1_000_000, ROUNDS);
        report("LayerApplier alone, both layers", applyOnly);
        report("prepare, nothing cached (unpack + copy)", cold);
        report("prepare, chain cached (copy)", warm);
        report("diff, 10 files changed", diff);
        report("diff reading every whole-second file", diffReadingAll);
        report("commit of those 10 changes (gzip)", commit);
    }

    private static Path tree(Path root, int from, int to) throws IOException {
        Random random = new Random(from);
        for (int i = from; i < to; i++) {
            Path file = root.resolve("d" + (i % 50) + "/s" + (i % 7) + "/f" + i);
            Files.createDirectories(file.getParent());
            byte[] content = new byte[random.nextInt(40_000)];
            random.nextBytes(content);
            Files.write(file, content);
        }
        return root;
    }

    private static void changeTenFiles(Path root) throws IOException {
        for (int i = 0; i < 10; i++) {
            Path file = root.resolve("d" + (i % 50) + "/s" + (i % 7) + "/f" + i);
            FileTime mtime = Files.getLastModifiedTime(file);
            byte[] content = Files.readAllBytes(file);
            content[0] ^= 1;
            Files.write(file, content);
            Files.setLastModifiedTime(file, mtime); // the hardest case: found only by content
        }
    }

    private static long size(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void close(MutableSnapshot snapshot) {
        snapshot.close();
    }

    private interface Action {
        void run() throws IOException;
    }

    private static long time(Action action) throws IOException {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-45s %7.0f ms (%4.0f)%n", what, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6);
    }
}
