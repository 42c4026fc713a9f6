package dev.jbuild.core.layer.bench;

import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
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
 * Layer writing throughput: a generated 64 MiB tree (2,000 files, half incompressible, half
 * text-like, in nested directories) written as a layer with each compression, into a null
 * stream so only walking, tar, hashing and compression are measured. {@link #main} prints
 * MB/s of input. Run:
 * <pre>
 * mvn -B -q -pl builder-core -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=$PWD/builder-core/target/bench-classpath.txt
 * java -cp builder-core/target/test-classes:builder-core/target/classes:$(cat builder-core/target/bench-classpath.txt) \
 *     dev.jbuild.core.layer.bench.LayerWriterBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LayerWriterBenchmark {

    static final int FILES = 2_000;
    static final int FILE_SIZE = 32 * 1024;

    @Param({"NONE", "GZIP", "ZSTD"})
    public Compression compression;

    private Path tree;
    private LayerWriter writer;

    /** A tree given by {@code -Djbuild.bench.tree=DIR} (scripts/bench-layer makes one), else a generated one. */
    static final String TREE_PROPERTY = "jbuild.bench.tree";

    private boolean generated;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        writer = new LayerWriter(LayerWriter.Options.defaults().withCompression(compression));
        String given = System.getProperty(TREE_PROPERTY);
        if (given != null) {
            tree = Path.of(given);
            return;
        }
        generated = true;
        tree = Files.createTempDirectory("jbuild-layer-bench");
        Random random = new Random(1);
        byte[] content = new byte[FILE_SIZE];
        byte[] text = "the quick brown layer jumps over the lazy cache\n".repeat(FILE_SIZE / 40).getBytes();
        for (int i = 0; i < FILES; i++) {
            Path dir = Files.createDirectories(tree.resolve("d" + (i % 20) + "/e" + (i % 7)));
            if (i % 2 == 0) {
                random.nextBytes(content);
                Files.write(dir.resolve("f" + i + ".bin"), content);
            } else {
                Files.write(dir.resolve("f" + i + ".txt"), Arrays.copyOf(text, FILE_SIZE));
            }
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        if (!generated) {
            return;
        }
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
    public LayerBlob write() {
        return writer.writeDirectory(tree, OutputStream.nullOutputStream());
    }

    public static void main(String[] args) throws Exception {
        String given = System.getProperty(TREE_PROPERTY);
        var options = new OptionsBuilder().include(LayerWriterBenchmark.class.getName() + ".write")
                .jvmArgsAppend(given == null ? new String[0] : new String[] {"-D" + TREE_PROPERTY + "=" + given})
                .build();
        double megabytes = given == null ? (double) FILES * FILE_SIZE / 1e6 : treeBytes(Path.of(given)) / 1e6;
        for (RunResult result : new Runner(options).run()) {
            double millis = result.getPrimaryResult().getScore();
            System.out.printf("layer writer, %s: %.0f ms per %.0f MB tree, %.0f MB/s on %d cores%n",
                    result.getParams().getParam("compression"), millis, megabytes, megabytes / (millis / 1000),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static long treeBytes(Path tree) throws IOException {
        try (var files = Files.walk(tree)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
