package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.core.layer.RootlessOwnership;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.NativeFileException;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.testing.DeepTree;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChecksumTest {

    @TempDir
    Path temp;

    private Path context;

    @BeforeEach
    void makeContext() throws IOException {
        context = Files.createDirectories(temp.resolve("context"));
        write(context, "app/main.go", "package main\n");
        write(context, "app/lib/util.go", "package lib\n");
        write(context, "README.md", "hello\n");
        Files.createSymbolicLink(context.resolve("app/current"), Path.of("lib"));
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Digest checksum(Path directory, String... sources) {
        return checksum(directory, ChecksumMemo.inMemory(), ContentReader.FILES, sources);
    }

    private static Digest checksum(Path directory, ChecksumMemo memo, ContentReader reader, String... sources) {
        ContextSelection selection = BuildContext.ofDirectory(directory, null).select(List.of(sources), List.of());
        return new FileChecksum(memo, reader).of(selection);
    }

    private static Digest stageChecksum(Path root, String... sources) {
        ContextSelection selection = ContextSelection.resolve(SourceTree.stageRoot(root), List.of(sources), List.of());
        return new FileChecksum(ChecksumMemo.inMemory()).of(selection);
    }

    /** Sets every mtime in the tree to a new value, as a {@code touch} or a fresh checkout does. */
    private static void touchAll(Path root, Instant when) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                PosixAttributes.setMtime(path, when.getEpochSecond());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void checksumIsStableAcrossTouch() throws IOException {
        Digest before = checksum(context, ".");
        touchAll(context, Instant.parse("2001-02-03T04:05:06Z"));
        assertEquals(before, checksum(context, "."));
        assertEquals(checksum(context, "app"), checksum(context, "app"));
    }

    @Test
    void checksumIsStableAcrossAFreshCopyOfTheTree() throws IOException {
        Path clone = temp.resolve("clone");
        copyTree(context, clone);
        touchAll(clone, Instant.parse("2020-01-01T00:00:00Z"));
        assertEquals(checksum(context, "."), checksum(clone, "."));
        assertEquals(checksum(context, "app/*.go", "README.md"), checksum(clone, "app/*.go", "README.md"));
    }

    @Test
    void checksumChangesWithContent() throws IOException {
        Digest before = checksum(context, "app");
        Files.writeString(context.resolve("app/lib/util.go"), "package lib // changed\n");
        assertNotEquals(before, checksum(context, "app"));
    }

    @Test
    void checksumChangesWithMode() throws IOException {
        Digest before = checksum(context, "app");
        PosixAttributes.chmod(context.resolve("app/main.go"), 0755);
        assertNotEquals(before, checksum(context, "app"));
    }

    @Test
    void checksumChangesWithNamesAndLinkTargets() throws IOException {
        Digest before = checksum(context, "app");
        Files.move(context.resolve("app/main.go"), context.resolve("app/main2.go"));
        Digest renamed = checksum(context, "app");
        assertNotEquals(before, renamed);
        Files.delete(context.resolve("app/current"));
        Files.createSymbolicLink(context.resolve("app/current"), Path.of("lib/util.go"));
        assertNotEquals(renamed, checksum(context, "app"));
    }

    @Test
    void checksumChangesWithOwnerInAStageButNotInTheContext() throws IOException {
        assumeTrue(runningAsRoot(), "giving a file to another user needs root");
        Digest stage = stageChecksum(context, "app");
        Digest contextSum = checksum(context, "app");
        PosixAttributes.lchown(context.resolve("app/main.go"), 1000, 1000);
        assertNotEquals(stage, stageChecksum(context, "app"), "a stage's owners are copied, so they count");
        assertEquals(contextSum, checksum(context, "app"), "context files arrive as 0:0 whoever owns them here");
    }

    @Test
    void recordedRootlessOwnerCountsInAStage() throws IOException {
        Path file = context.resolve("app/main.go");
        Digest before = stageChecksum(context, "app");
        try {
            ExtendedAttributes.set(file, RootlessOwnership.XATTR, new RootlessOwnership(1000, 1000).encode());
        } catch (NativeFileException e) {
            assumeTrue(false, "no user extended attributes here");
        }
        assertNotEquals(before, stageChecksum(context, "app"));
        assertEquals(1000, SourceTree.stageRoot(context).entry("app/main.go").uid());
    }

    @Test
    void checksumChangesWithExtendedAttributes() throws IOException {
        Digest before = checksum(context, "app");
        try {
            ExtendedAttributes.set(context.resolve("app/main.go"), "user.comment", "x".getBytes(StandardCharsets.UTF_8));
        } catch (NativeFileException e) {
            assumeTrue(false, "no user extended attributes here");
        }
        assertNotEquals(before, checksum(context, "app"));
    }

    @Test
    void ignoredFilesDoNotCount() throws IOException {
        Files.writeString(context.resolve(".dockerignore"), "**/*.log\n");
        Digest before = checksum(context, "app");
        Files.writeString(context.resolve("app/debug.log"), "noise");
        assertEquals(before, checksum(context, "app"));
    }

    @Test
    void wildcardMatchNamesCount() throws IOException {
        Digest before = checksum(context, "*.md");
        Files.move(context.resolve("README.md"), context.resolve("OTHER.md"));
        assertNotEquals(before, checksum(context, "*.md"));
    }

    @Test
    void warmChecksumReadsNoFileContent() throws Exception {
        Path memoDirectory = temp.resolve("memo");
        // Files changed within the clock's granularity of a checksum are not remembered; let them age.
        ageFiles();
        AtomicLong bytesRead = new AtomicLong();
        ContentReader counting = file -> new CountingStream(Files.newInputStream(file), bytesRead);

        Digest cold;
        try (ChecksumMemo memo = ChecksumMemo.open(memoDirectory)) {
            cold = checksum(context, memo, counting, ".");
        }
        assertTrue(bytesRead.get() > 0);
        assertTrue(Files.isRegularFile(memoDirectory.resolve(ChecksumMemo.FILE_NAME)));

        bytesRead.set(0);
        try (ChecksumMemo memo = ChecksumMemo.open(memoDirectory)) {
            assertEquals(cold, checksum(context, memo, counting, "."));
        }
        assertEquals(0, bytesRead.get(), "an unchanged tree is checksummed from the memo alone");

        Files.writeString(context.resolve("README.md"), "hello again\n");
        ageFiles();
        bytesRead.set(0);
        try (ChecksumMemo memo = ChecksumMemo.open(memoDirectory)) {
            assertNotEquals(cold, checksum(context, memo, counting, "."));
        }
        assertEquals("hello again\n".length(), bytesRead.get(), "only the changed file is read again");
    }

    @Test
    void fileChangedJustNowIsNotRemembered() throws IOException {
        ChecksumMemo memo = ChecksumMemo.inMemory();
        Files.writeString(context.resolve("fresh.txt"), "new");
        checksum(context, memo, ContentReader.FILES, "fresh.txt");
        assertEquals(0, memo.size(), "a write in the same clock tick could leave the same times and size");
    }

    /** Waits until the files' change times are safely in the past (see FileChecksum). */
    private static void ageFiles() throws InterruptedException {
        Thread.sleep(250);
    }

    private static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }

    @Test
    void unchangedTimesAloneDoNotHideAContentChange() throws Exception {
        ageFiles();
        ChecksumMemo memo = ChecksumMemo.inMemory();
        Path file = context.resolve("README.md");
        Digest before = checksum(context, memo, ContentReader.FILES, "README.md");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "HELLO\n"); // same size
        Files.setLastModifiedTime(file, mtime); // and the old mtime: only ctime tells
        assertNotEquals(before, checksum(context, memo, ContentReader.FILES, "README.md"));
    }

    @Test
    void checksumCoversATreeDeeperThanARecursiveWalkCouldGo() throws Exception {
        Path deepest = DeepTree.create(context.resolve("deep"), DeepTree.DEPTH, "bottom");
        Path other = Files.createDirectories(temp.resolve("other"));
        DeepTree.create(other.resolve("deep"), DeepTree.DEPTH, "bottom");
        try {
            Digest before = DeepTree.onSmallStack(() -> checksum(context, "deep"));
            assertEquals(before, DeepTree.onSmallStack(() -> checksum(other, "deep")));
            Files.writeString(deepest, "bottom, changed");
            assertNotEquals(before, DeepTree.onSmallStack(() -> checksum(context, "deep")));
        } finally {
            DeepTree.remove(context.resolve("deep"));
            DeepTree.remove(other);
        }
    }
}
