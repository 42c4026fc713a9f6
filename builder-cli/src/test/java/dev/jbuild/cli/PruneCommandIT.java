package dev.jbuild.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.prune.CacheInventory;
import dev.jbuild.core.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbuild prune}, the automatic cache limit and {@code build --no-cache-filter}, in process
 * against a real data directory: real builds with RUN steps on a busybox base.
 */
class PruneCommandIT {

    // random bytes do not compress, so this step's layer is about 2 MB whatever the compression
    private static final String BIG = "FROM busybox\nRUN head -c 2000000 /dev/urandom > /big\nRUN echo a > /a\n";
    private static final String SMALL = "FROM busybox\nRUN echo b > /b\nRUN echo c > /c\n";

    @TempDir
    Path dir;

    private Path data;
    private String store;

    @BeforeEach
    void importBusybox() throws Exception {
        Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        Path tar = dir.resolve("busybox.tar");
        Process p = new ProcessBuilder("tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
                .inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        data = dir.resolve("store");
        store = "--cache-dir=" + data;
        CommandRun imported = CommandRun.of("import", store, tar.toString(), "busybox");
        assertEquals(0, imported.status(), imported.err());
    }

    private Path context(String name, String dockerfile) throws IOException {
        Path context = Files.createDirectories(dir.resolve(name));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return context;
    }

    private CommandRun build(Path context, String... flags) {
        String[] args = Stream.concat(Stream.concat(Stream.of("build", store, "--cache-limit=off", "--progress=rawjson"), Stream.of(flags)),
                Stream.of(context.toString())).toArray(String[]::new);
        CommandRun run = CommandRun.of(args);
        assertEquals(0, run.status(), run.err());
        return run;
    }

    /** Whether a step of this build printed this line. */
    private static boolean printed(CommandRun run, String line) {
        return RawJsonStatus.of(run).logs().contains(line);
    }

    private static int cached(CommandRun run) {
        return RawJsonStatus.of(run).cached().size();
    }

    /** Makes everything in the data directory look last used {@code age} ago (no waiting on clocks). */
    private void age(Duration age) throws IOException {
        FileTime then = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, then);
            }
        }
    }

    private CommandRun prune(String... flags) {
        String[] args = Stream.concat(Stream.of("prune", store), Stream.of(flags)).toArray(String[]::new);
        CommandRun run = CommandRun.of(args);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Total reclaimed space: "), run.out());
        return run;
    }

    @Test
    void pruneAllRemovesBuildCacheButKeepsTaggedImages() throws Exception {
        Path big = context("big", BIG);
        build(big, "-t", "app");
        assertTrue(CacheInventory.of(data).buildCacheBytes() > 2_000_000);

        CommandRun pruned = prune("--all");
        assertTrue(pruned.out().matches("(?s).*Total reclaimed space: [0-9.]+MB\n.*"), pruned.out());
        assertEquals(0, CacheInventory.of(data).buildCacheBytes(), "no build cache is left");
        CommandRun images = CommandRun.of("images", store, "--format={{.Repository}}:{{.Tag}}");
        assertTrue(images.out().contains("app:latest\n"), images.out());
        assertTrue(images.out().contains("busybox:latest\n"), images.out());

        Path onTop = context("ontop", "FROM app\nRUN test -s /big && cat /a > /copy\n");
        build(onTop);
        CommandRun again = build(big);
        assertEquals(0, cached(again), "the earlier Dockerfile's steps run again: " + again.err());
    }

    @Test
    void pruneAllRemovesExportConversionsButNotTheCompressedBlobsATaggedImageNames() throws Exception {
        Path big = context("big", BIG);
        build(big, "-t", "app");
        Path first = dir.resolve("first.tar");
        CommandRun saved = CommandRun.of("save", store, "-o", first.toString(), "app");
        assertEquals(0, saved.status(), saved.err());
        build(big, "-o", "type=image,name=gz,compression=gzip");
        Path conversions = data.resolve("conversions");
        List<Path> records;
        try (Stream<Path> listed = Files.list(conversions)) {
            records = listed.toList();
        }
        assertEquals(2, records.size(), "one record per RUN layer, shared by save and the gzip image");
        CommandRun du = CommandRun.of("du", store);
        assertTrue(du.out().matches("(?s).*build cache: layer conversions \\(export\\) +[0-9.]+k?B +2\n.*"), du.out());

        prune("--all");

        try (Stream<Path> listed = Files.list(conversions)) {
            assertEquals(List.of(), listed.toList());
        }
        CommandRun gz = CommandRun.of("save", store, "-o", dir.resolve("gz.tar").toString(), "gz");
        assertEquals(0, gz.status(), "the gzip image keeps its blobs: " + gz.err());
        Path again = dir.resolve("again.tar");
        CommandRun resaved = CommandRun.of("save", store, "-o", again.toString(), "app");
        assertEquals(0, resaved.status(), resaved.err());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again), "converted again to the same bytes");
    }

    @Test
    void pruneAllRemovesOverlayLayersAndDownloadsToo() throws Exception {
        Path big = context("big", BIG);
        build(big, "--snapshotter=overlay", "--sandbox=unshare");
        Path layers = data.resolve("snapshots/overlay/sha256");
        assertTrue(Files.list(layers).findAny().isPresent(), "the overlay snapshotter extracted layers");
        Files.createDirectories(data.resolve("downloads/content"));
        Files.writeString(data.resolve("downloads/content/sha256-0123"), "downloaded");

        prune("--all");
        assertEquals(0, CacheInventory.of(data).buildCacheBytes(), "no build cache is left");
        try (Stream<Path> left = Files.list(layers)) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(Files.exists(data.resolve("downloads/content/sha256-0123")));
        CommandRun again = build(big, "--snapshotter=overlay", "--sandbox=unshare");
        assertEquals(0, cached(again), "the steps run again on re-extracted layers: " + again.err());
    }

    @Test
    void keepStorageRemovesTheLeastRecentlyUsedFirst() throws Exception {
        Path big = context("big", BIG);
        Path small = context("small", SMALL);
        build(big);
        age(Duration.ofHours(2));
        build(small);
        long total = CacheInventory.of(data).buildCacheBytes();

        CommandRun pruned = prune("--keep-storage=" + (total - 1_000_000) + "B");
        assertTrue(CacheInventory.of(data).buildCacheBytes() <= total - 1_000_000,
                total + " " + pruned.out() + CommandRun.of("du", store).out());
        assertFalse(pruned.out().contains("Total reclaimed space: 0B"), pruned.out());
        assertEquals(2, cached(build(small)), "the recently used build is kept whole");
        assertTrue(cached(build(big)) < 2, "the least recently used build lost its large step");
    }

    @Test
    void untilFilterRemovesOnlyWhatWasUnusedForLonger() throws Exception {
        Path big = context("big", BIG);
        Path small = context("small", SMALL);
        build(big);
        age(Duration.ofHours(48));
        build(small);

        prune("--filter", "until=24h");
        assertEquals(2, cached(build(small)), "used just now, so kept");
        assertEquals(0, cached(build(big)), "unused for 48 hours, so removed");
    }

    @Test
    void pruneWithBadFlagsIsBadUsageNamingTheFlag() {
        CommandRun size = CommandRun.of("prune", store, "--keep-storage=lots");
        assertEquals(2, size.status());
        assertTrue(size.err().contains("--keep-storage") && size.err().contains("512MB"), size.err());
        CommandRun filter = CommandRun.of("prune", store, "--filter", "until=yesterday");
        assertEquals(2, filter.status());
        assertTrue(filter.err().contains("--filter until=yesterday"), filter.err());
        CommandRun key = CommandRun.of("prune", store, "--filter", "label=x");
        assertEquals(2, key.status());
        assertTrue(key.err().contains("only until=DURATION"), key.err());
    }

    @Test
    void whatAKilledPruneLeavesIsAUsableCacheAndTheNextPruneFinishesIt() throws Exception {
        Path big = context("big", BIG);
        build(big, "-t", "app");
        List<Path> entries = new java.util.ArrayList<>();
        // native stacks or overlay layers, whichever snapshotter auto chose
        for (String kind : List.of("chains", "overlay")) {
            Path materialised = data.resolve("snapshots").resolve(kind).resolve("sha256");
            if (Files.isDirectory(materialised)) {
                try (Stream<Path> list = Files.list(materialised)) {
                    entries.addAll(list.filter(e -> Files.exists(e.resolve("diff_ids"))).toList());
                }
            }
        }
        assertFalse(entries.isEmpty(), "the second RUN needed a materialised snapshot");
        // A prune killed mid-way: a snapshot moved aside and half deleted, records gone before their blobs.
        Path aside = data.resolve("snapshots/sessions/pruned-killed");
        Files.move(entries.get(0), aside);
        Files.delete(aside.resolve("diff_ids"));
        Path mountAside = Files.createDirectories(data.resolve("cache-mounts/.pruned-killed/sub"));
        Files.writeString(mountAside.resolve("f"), "left behind");
        try (Stream<Path> records = Files.walk(data.resolve("cache/v" + dev.jbuild.cache.index.CacheKey.SCHEMA_VERSION))) {
            for (Path record : records.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.delete(record);
            }
        }

        CommandRun rebuilt = build(big);
        assertEquals(0, cached(rebuilt), rebuilt.err());
        assertEquals(2, cached(build(big)));
        Path onTop = context("ontop", "FROM app\nRUN cat /a > /copy\n");
        build(onTop);

        prune("--all");
        assertFalse(Files.exists(aside), "the next build or prune removes what a killed prune set aside");
        assertFalse(Files.exists(data.resolve("cache-mounts/.pruned-killed")));
        assertEquals(0, cached(build(big)));
    }

    @Test
    void automaticLimitPrunesTheLeastRecentlyUsedAfterABuildOverIt() throws Exception {
        Path big = context("big", BIG);
        Path small = context("small", SMALL);
        build(big);
        age(Duration.ofHours(1));
        build(small);
        long limit = CacheInventory.of(data).buildCacheBytes() - 1_000_000;
        CommandRun run = CommandRun.of("build", store, "--cache-limit=" + limit + "B", context("tiny", "FROM busybox\nRUN echo tiny\n").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("build cache over its limit (JBUILD_CACHE_LIMIT): removed the least recently used, reclaimed "),
                run.err());
        assertTrue(CacheInventory.of(data).buildCacheBytes() <= limit);
        assertEquals(2, cached(build(small)));
        assertTrue(cached(build(big)) < 2, "the older build's large layer went");
    }

    @Test
    void automaticLimitSkipsWhileAnotherHolderHasTheDataDirectory() throws Exception {
        Path big = context("big", BIG);
        Path small = context("small", SMALL);
        build(big);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (DataDirectoryLock.Held lock = DataDirectoryLock.of(data).shared()) {
                held.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        try {
            held.await();
            CommandRun run = CommandRun.of("build", store, "--cache-limit=1MB", small.toString());
            assertEquals(0, run.status(), run.err());
            assertFalse(run.err().contains("over its limit"), run.err());
        } finally {
            done.countDown();
            other.join();
        }
        assertEquals(2, cached(build(big)), "nothing was pruned while the directory was held");
    }

    @Test
    void badCacheLimitIsBadUsage() throws Exception {
        CommandRun run = CommandRun.of("build", store, "--cache-limit=huge", context("small", SMALL).toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--cache-limit"), run.err());
    }

    @Test
    void noCacheFilterRerunsOnlyThatStagesSteps() throws Exception {
        Path ctx = context("stages", "FROM busybox AS base\nRUN echo ran-base\nFROM base AS app\nRUN echo ran-app && echo x > /x\n"
                + "FROM busybox\nCOPY --from=app /x /x\nRUN echo ran-final\n");
        build(ctx);
        CommandRun filtered = build(ctx, "--no-cache-filter=app");
        assertTrue(printed(filtered, "ran-app"), filtered.err());
        assertFalse(printed(filtered, "ran-base"), filtered.err());
        assertFalse(printed(filtered, "ran-final"), filtered.err());
        assertEquals(3, cached(filtered), filtered.err());

        CommandRun byIndex = build(ctx, "--no-cache-filter", "0,2");
        assertTrue(printed(byIndex, "ran-base") && printed(byIndex, "ran-final"), byIndex.err());
        assertFalse(printed(byIndex, "ran-app"), byIndex.err());
    }

    @Test
    void unknownStageInNoCacheFilterIsAClearError() throws Exception {
        Path ctx = context("stages", "FROM busybox AS base\nRUN echo x\nFROM base AS app\n");
        CommandRun run = CommandRun.of("build", store, "--no-cache-filter=nope", ctx.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("--no-cache-filter: stage \"nope\" is not in the Dockerfile; stages are: base, app"),
                run.err());
    }
}
