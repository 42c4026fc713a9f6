package dev.jbuild.grammar.bench;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Parser throughput on a generated Dockerfile with many continuations and heredocs. Run it
 * with {@code scripts/bench-parser}; {@link #main} prints the figure as MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {

    @Param({"10000", "100000"})
    public int lines;

    private String text;

    @Setup
    public void generate() {
        text = LargeDockerfile.generate(lines);
    }

    @Benchmark
    public Dockerfile parse() throws DockerfileException {
        return new DockerfileParser("Dockerfile").parse(text);
    }

    public static void main(String[] args) throws Exception {
        var options = new OptionsBuilder().include(ParserBenchmark.class.getName() + ".parse")
                .addProfiler("gc").build();
        for (RunResult result : new Runner(options).run()) {
            int lineCount = Integer.parseInt(result.getParams().getParam("lines"));
            int bytes = LargeDockerfile.generate(lineCount).getBytes(StandardCharsets.UTF_8).length;
            double millis = result.getPrimaryResult().getScore();
            var alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            System.out.printf("parser: %d lines, %.1f KB: %.2f ms per parse, %.1f MB/s%s%n",
                    lineCount, bytes / 1024.0, millis, bytes / 1e6 / (millis / 1000),
                    alloc == null ? "" : String.format(", %.1f bytes allocated per input byte",
                            alloc.getScore() / bytes));
        }
    }
}
