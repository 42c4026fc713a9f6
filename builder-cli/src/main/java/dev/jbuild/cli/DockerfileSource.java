package dev.jbuild.cli;

import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The Dockerfile a command reads: {@code -f FILE}, a positional FILE, {@code -} for stdin, or ./Dockerfile. */
final class DockerfileSource {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the Dockerfile (default: ./Dockerfile; - reads stdin)")
    private String option;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "the Dockerfile, as an alternative to -f")
    private String positional;

    private final InputStream stdin;

    DockerfileSource() {
        this(System.in);
    }

    DockerfileSource(InputStream stdin) {
        this.stdin = stdin;
    }

    String chosen(picocli.CommandLine commandLine) {
        if (option != null && positional != null && !option.equals(positional)) {
            throw new picocli.CommandLine.ParameterException(commandLine,
                    "give the Dockerfile once: either -f " + option + " or " + positional);
        }
        return option != null ? option : positional != null ? positional : "Dockerfile";
    }

    Dockerfile parse(picocli.CommandLine commandLine) throws IOException, DockerfileException {
        return read(chosen(commandLine), stdin);
    }

    /**
     * The Dockerfile {@code chosen} names, as every command reads one: {@code -} is standard
     * input, a directory means its {@code Dockerfile}; errors name the file as the user gave it.
     */
    static Dockerfile read(String chosen, InputStream stdin) throws IOException, DockerfileException {
        if (chosen.equals("-")) {
            return new DockerfileParser("Dockerfile").parse(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path path = Path.of(chosen);
        if (Files.isDirectory(path)) {
            path = path.resolve("Dockerfile");
        }
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return DockerfileParser.parse(path, path.equals(Path.of(chosen)) ? chosen : path.toString());
    }
}
