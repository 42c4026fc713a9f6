package dev.jbuild.core.context.bench;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.context.BuildContext;
import dev.jbuild.core.context.ChecksumMemo;
import dev.jbuild.core.context.ContextSelection;
import dev.jbuild.core.context.FileChecksum;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The context checksum behind every COPY's cache key: a generated tree of 20,000 files of 4 KiB
 * in nested directories, checksummed whole as {@code COPY . /app} selects it. {@code COLD} starts
 * from an empty memo, so every file is read and hashed; {@code WARM} from a memo of the same
 * tree, so only metadata is read, as in a rebuild after a change elsewhere. {@link #main} prints
 * files per second. Run it as LayerWriterBenchmark's Javadoc shows, with this class's name.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContextChecksumBenchmark {

    static final int FILES = 20_000;
    static final int FILE_SIZE = 4 * 1024;

    @Param({"COLD", "WARM"})
    public String memo;

    private Path tree;
    private ContextSelection selection;
    private ChecksumMemo warm;

    @Setup(Level.Trial)
    public void generate() throws Exception {
        tree = Files.createTempDirectory("jbuild-checksum-bench");
        Random random = new Random(1);
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < FILES; i++) {
            Path dir = Files.createDirectories(tree.resolve("d" + (i % 50) + "/e" + (i % 13)));
            random.nextBytes(content);
            Files.write(dir.resolve("f" + i), content);
        }
        selection = BuildContext.ofDirectory(tree, null).select(List.of("."), List.of());
        // files changed this recently are hashed but not remembered (the racy-clean rule), so let them age
        Thread.sleep(2_500);
        warm = ChecksumMemo.inMemory();
        new FileChecksum(warm).of(selection);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Benchmark
    public Digest checksum() {
        ChecksumMemo start = memo.equals("WARM") ? warm : ChecksumMemo.inMemory();
        return new FileChecksum(start).of(selection);
    }

    public static void main(String[] args) throws Exception {
        var options = new OptionsBuilder().include(ContextChecksumBenchmark.class.getName() + ".checksum").build();
        for (RunResult result : new Runner(options).run()) {
            double millis = result.getPrimaryResult().getScore();
            System.out.printf("context checksum, %s memo: %.0f ms per %d files (%d MB), %.0f files/s%n",
                    result.getParams().getParam("memo"), millis, FILES, (long) FILES * FILE_SIZE / 1_000_000,
                    FILES / (millis / 1000));
        }
    }
}
