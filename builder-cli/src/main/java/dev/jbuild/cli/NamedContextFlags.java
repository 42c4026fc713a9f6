package dev.jbuild.cli;

import dev.jbuild.core.context.BuildContextException;
import dev.jbuild.core.context.ContextLocation;
import dev.jbuild.core.source.image.OciLayoutReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --build-context NAME=VALUE}: extra contexts, fetched (git, tarball URLs) into the build's scratch directory. */
final class NamedContextFlags {

    @Option(names = "--build-context", paramLabel = "NAME=VALUE",
            description = {"an extra context for FROM NAME, COPY --from=NAME and RUN --mount from=NAME; repeatable.",
                "VALUE: a directory, a git URL (https://….git#ref:subdir, git@…, file://…), an http(s) URL of a tar archive,",
                "docker-image://REF, or oci-layout://PATH[:TAG|@sha256:DIGEST] (an image of a local OCI layout, tag default latest)"})
    private List<String> buildContexts = new ArrayList<>();

    /** Each name's value as the build request takes it: a local directory, docker-image:// or oci-layout://. */
    Map<String, String> resolve(CommandLine cl, Path scratch) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : buildContexts) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "--build-context " + spec
                        + ": expected NAME=DIR, NAME=docker-image://REF, NAME=oci-layout://PATH[:TAG] or NAME=GIT-URL");
            }
            out.put(spec.substring(0, eq), value(cl, spec, spec.substring(eq + 1), scratch.resolve("named-" + out.size())));
        }
        return out;
    }

    private static String value(CommandLine cl, String spec, String value, Path scratch) throws IOException {
        if (value.startsWith("docker-image://")) {
            return value;
        }
        if (OciLayoutReference.matches(value)) {
            return ociLayout(cl, spec, value);
        }
        if (new ContextLocation(value).isRemote() && !value.equals("-")) {
            try {
                return new ContextLocation(value).materialize(InputStream.nullInputStream(), Files.createDirectories(scratch))
                        .toString();
            } catch (BuildContextException e) {
                throw new CommandLine.ParameterException(cl, "--build-context " + spec + ": " + e.getMessage());
            }
        }
        if (Files.isDirectory(Path.of(value))) {
            return Path.of(value).toAbsolutePath().toString();
        }
        throw new CommandLine.ParameterException(cl, "--build-context " + spec + ": " + value
                + " is not a directory, docker-image://REF, oci-layout://PATH or a git or tarball URL");
    }

    private static String ociLayout(CommandLine cl, String spec, String value) {
        OciLayoutReference layout;
        try {
            layout = OciLayoutReference.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--build-context " + spec + ": " + e.getMessage());
        }
        if (!Files.isDirectory(layout.directory())) {
            throw new CommandLine.ParameterException(cl, "--build-context " + spec + ": the OCI layout directory "
                    + layout.directory() + " does not exist");
        }
        return layout.toString();
    }
}
