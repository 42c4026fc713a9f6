package dev.jbuild.cli;

import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.BuildResult;
import dev.jbuild.core.export.BuildMetadata;
import dev.jbuild.core.export.ExportTargets;
import dev.jbuild.core.export.Exporters;
import dev.jbuild.core.export.OutputSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code jbuild build}'s flags for what a build leaves behind: names, pushes, outputs, id files and how progress shows. */
final class OutputFlags {

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "name the image in the local store; repeatable")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--push", description = "push every -t name to its registry after the build")
    private boolean push;

    @Option(names = {"-o", "--output"}, paramLabel = "type=TYPE[,KEY=VALUE…]|DIR|-",
            description = {"also send the image, as buildx does; repeatable. TYPE: image (name=…, push=true, store=false),",
                "registry (image,push=true), oci or docker (an archive: dest=FILE or dest=- for stdout; oci tar=false for a",
                "layout directory; name=…), local (the files in dest=DIR) or tar (the files as one tar, dest=FILE|-);",
                "compression=gzip|zstd|uncompressed, compression-level=N, force-compression=true, oci-mediatypes=true|false,",
                "annotation.KEY=VALUE. A bare DIR is type=local,dest=DIR and - a tar of the files on stdout"})
    private List<String> outputs = new ArrayList<>();

    @Option(names = "--load", description = "also load the image into the Docker engine that 'docker' talks to (docker load)")
    private boolean load;

    @Option(names = {"-q", "--quiet"}, description = "show no progress; print only the image id on stdout (unless an output writes there)")
    private boolean quiet;

    @Option(names = "--progress", paramLabel = "MODE",
            description = "how to show progress on stderr: tty (a live view), plain (BuildKit's #N lines), rawjson (BuildKit's JSON"
                    + " status, one object a line), quiet, or auto: tty on a terminal, else plain (default: $BUILDKIT_PROGRESS,"
                    + " else auto)")
    private String progressMode;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "write the image id (config digest) to this file")
    private Path iidFile;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "write the build's metadata as buildx does, JSON with containerimage.digest, containerimage.config.digest, containerimage.descriptor and image.name, for CI")
    private Path metadataFile;

    // An output to stdout (-o -, dest=-) owns it: -q then prints no id after the archive.
    private boolean stdoutTaken;

    void applyTo(BuildRequest.Builder request, CommandLine cl) {
        tags.forEach(t -> StoreOption.reference(cl, t));
        request.tags(tags);
        ExportTargets targets = new ExportTargets(System.out, Terminal.stdoutIsTerminal(), tags);
        try {
            if (push) {
                request.exporter(Exporters.push(targets));
            }
            for (String output : outputs) {
                OutputSpec spec = OutputSpec.parse(output);
                stdoutTaken |= spec.toStdout();
                request.exporter(Exporters.create(spec, targets, w -> cl.getErr().println("WARNING: " + w)));
            }
            if (load) {
                request.exporter(Exporters.load(targets));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    ProgressMode progressMode(CommandLine cl) {
        if (quiet) {
            return ProgressMode.QUIET;
        }
        try {
            return ProgressMode.choose(progressMode, System.getenv()).resolve(Terminal.stderrIsTerminal(System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    // As BuildKit ends a build: the build-check warnings, one line each with the line they are about.
    static List<String> warningLines(BuildResult result) {
        int count = result.warnings().size();
        List<String> lines = new ArrayList<>();
        if (count == 0) {
            return lines;
        }
        lines.add(" " + count + " warning" + (count == 1 ? "" : "s") + " found (jbuild check shows the lines):");
        result.warnings().forEach(w -> lines.add(" - " + w.rule() + ": " + w.message() + " (line " + w.range().startLine() + ")"));
        return lines;
    }

    /** The summary is text for people on stderr (none in rawjson, which keeps stderr to JSON lines); -q prints the id alone. */
    void report(BuildResult result, ProgressMode mode, PrintWriter stdout, PrintWriter stderr) throws IOException {
        String id = result.configDigest().toString();
        if (mode == ProgressMode.QUIET) {
            if (!stdoutTaken) {
                stdout.println(id);
            }
        } else if (mode != ProgressMode.RAWJSON) {
            warningLines(result).forEach(stderr::println);
            stderr.println("writing image " + id + " done");
            stderr.println("manifest " + result.manifest().digest());
            result.tags().forEach(t -> stderr.println("naming to " + t + " done"));
            stderr.flush();
        }
        stdout.flush();
        if (iidFile != null) {
            Files.writeString(iidFile, id);
        }
        if (metadataFile != null) {
            new BuildMetadata(result.exportedManifest(), result.configDigest(), result.tags(),
                    Optional.of(BuildMetadata.newBuildRef())).write(metadataFile);
        }
    }
}
