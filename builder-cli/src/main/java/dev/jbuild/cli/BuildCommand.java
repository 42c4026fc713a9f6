package dev.jbuild.cli;

import dev.jbuild.cache.lock.DataDirectoryLock;
import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.BuildResult;
import dev.jbuild.core.build.ImageBuilder;
import dev.jbuild.core.context.BuildContextException;
import dev.jbuild.core.context.ContextLocation;
import dev.jbuild.core.fs.TreeDeletion;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.layer.LayerApplier;
import dev.jbuild.core.process.HostCommand;
import dev.jbuild.core.prune.AutomaticPrune;
import dev.jbuild.core.prune.CacheLimit;
import dev.jbuild.core.prune.StorageSize;
import dev.jbuild.core.remotecache.RemoteCacheOptions;
import dev.jbuild.core.snapshot.SnapshotterKind;
import dev.jbuild.core.source.OciLayoutReference;
import dev.jbuild.core.store.ArchiveFormat;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageArchive;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code jbuild build}: builds an image from a Dockerfile and a context, with docker build's flags. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build an image from a Dockerfile and a context directory, without a daemon and without root.",
            "RUN steps run in a rootless sandbox; each step's result is cached by the content it depends on.",
            "After a build that ran steps, the build cache is kept under its limit: $JBUILD_CACHE_LIMIT (a size such as 5GB, "
                + "or off), else 10%% of the file system, at most 20GB; least recently used entries go first (see jbuild prune)."})
final class BuildCommand implements Callable<Integer> {

    @Mixin
    private StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "CONTEXT",
            description = "the build context: a directory, - for a tar archive on stdin, an http(s) URL of a tar archive (….tar.gz …), or a git repository URL (https://…, git@…, file://…, …​.git) with #ref:subdir")
    private String contextSpec;

    private Path context;

    @Mixin
    private RegistryOptions registryOptions;

    @Option(names = "--push", description = "push every -t name to its registry after the build")
    private boolean push;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the Dockerfile (default: CONTEXT/Dockerfile; - reads stdin)")
    private String file;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "name the image in the local store; repeatable")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "set a build argument; KEY alone takes it from the environment; repeatable")
    private List<String> buildArgs = new ArrayList<>();

    @Option(names = "--build-context", paramLabel = "NAME=VALUE",
            description = {"an extra context for FROM NAME, COPY --from=NAME and RUN --mount from=NAME; repeatable.",
                "VALUE: a directory, a git URL (https://….git#ref:subdir, git@…, file://…), an http(s) URL of a tar archive,",
                "docker-image://REF, or oci-layout://PATH[:TAG|@sha256:DIGEST] (an image of a local OCI layout, tag default latest)"})
    private List<String> buildContexts = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "set a label on the image; repeatable")
    private List<String> labels = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "build this stage (default: the last)")
    private String target;

    @Option(names = "--no-cache", description = "run every step, without the cache")
    private boolean noCache;

    @Option(names = "--cache-from", paramLabel = "type=registry,ref=REF|type=local,src=DIR",
            description = "import a shared build cache: a registry reference or an OCI layout directory another build "
                    + "exported with --cache-to; layers are fetched only for steps that hit; one that cannot be read is a "
                    + "warning; repeatable")
    private List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--cache-to", paramLabel = "type=registry,ref=REF|type=local,dest=DIR[,mode=min|max]",
            description = "export this build's cache records and layers to a registry (as one OCI manifest) or an OCI "
                    + "layout directory; mode=min (default) the steps of the built image, mode=max every step of "
                    + "every stage; ignore-error=true makes a failed export a warning; repeatable")
    private List<String> cacheTo = new ArrayList<>();

    @Option(names = "--no-cache-filter", split = ",", paramLabel = "STAGE[,STAGE]",
            description = "run the steps of these stages (by name or index) without the cache; they still record their results; repeatable")
    private List<String> noCacheFilter = new ArrayList<>();

    @Option(names = "--cache-limit", paramLabel = "SIZE|off",
            description = "after a build that ran steps, keep the build cache under SIZE (e.g. 5GB), least recently used "
                    + "going first; off to skip (default: $JBUILD_CACHE_LIMIT, else 10%% of the file system, at most 20GB)")
    private String cacheLimit;

    @Option(names = "--explain-cache", description = "for every step that runs, say which input changed since the last build")
    private boolean explainCache;

    @Option(names = "--pull", description = "always fetch base images from their registry")
    private boolean pull;

    @Option(names = "--sandbox", defaultValue = "auto", paramLabel = "KIND", description = "where RUN steps run: auto, oci (runc/crun), bwrap or unshare (default: ${DEFAULT-VALUE})")
    private String sandbox;

    @Option(names = "--snapshotter", defaultValue = "${env:JBUILD_SNAPSHOTTER:-auto}", paramLabel = "KIND",
            description = "how RUN steps get their root: overlay (overlayfs mounted in the sandbox's user namespace,"
                    + " no copy; needs Linux 5.11+ and the unshare sandbox), native (a private copy) or auto (overlay"
                    + " where it works; default: ${DEFAULT-VALUE}, or $JBUILD_SNAPSHOTTER)")
    private String snapshotter;

    @Option(names = "--network", defaultValue = "default", paramLabel = "MODE",
            description = "network of RUN steps: default (the host's, as rootless BuildKit), none (loopback only) or host (default: ${DEFAULT-VALUE})")
    private String network;

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE|env=VAR",
            description = "a secret for RUN --mount=type=secret,id=ID; never stored in the image, cache or log; repeatable")
    private List<String> secretSpecs = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET|KEY[,KEY…]]",
            description = {"an SSH agent for RUN --mount=type=ssh,id=ID (default id: default); repeatable.",
                "Without a path, the agent of $SSH_AUTH_SOCK; a socket is forwarded as it is; private key files",
                "(without a passphrase) are loaded into an ssh-agent started for this build. Never stored in the image or cache."})
    private List<String> sshSpecs = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "only this machine's platform is supported for now")
    private String platform;

    @Option(names = "--progress", paramLabel = "MODE",
            description = "how to show progress on stderr: tty (a live view), plain (BuildKit's #N lines), rawjson (BuildKit's JSON"
                    + " status, one object a line), quiet, or auto: tty on a terminal, else plain (default: $BUILDKIT_PROGRESS,"
                    + " else auto)")
    private String progressMode;

    // docker build's legacy switches, which BuildKit ignores too: accepted so that scripts run unchanged
    @Option(names = {"--rm", "--force-rm", "--compress", "--disable-content-trust"}, arity = "0..1", fallbackValue = "true",
            hidden = true)
    private List<Boolean> legacySwitches;

    @Option(names = "--isolation", paramLabel = "VALUE", hidden = true)
    private String legacyIsolation;

    @Option(names = {"-q", "--quiet"}, description = "show no progress; print only the image id on stdout")
    private boolean quiet;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "write the image id (config digest) to this file")
    private Path iidFile;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "write the image digest and names as JSON, for CI")
    private Path metadataFile;

    @Option(names = {"-o", "--output"}, paramLabel = "type=oci|docker|local|tar,dest=PATH",
            description = "also write the image: an OCI layout tar, a docker-load archive, its files in a directory (local) or in a tar")
    private String output;

    @Option(names = "--serial", description = "run stages one at a time (debugging)")
    private boolean serial;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        ContextLocation location = new ContextLocation(contextSpec);
        if (!location.isRemote() && !Files.isDirectory(Path.of(contextSpec))) {
            throw new CommandLine.ParameterException(cl, "the build context " + contextSpec + " is not a directory");
        }
        if (location.isStdin() && "-".equals(file)) {
            throw new CommandLine.ParameterException(cl, "the context and the Dockerfile cannot both come from stdin");
        }
        if (push && tags.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "--push needs at least one -t NAME to push to");
        }
        try {
            SnapshotterKind.fromFlag(snapshotter);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        ProgressMode mode = progressMode(cl);
        try (BuildInterruption interruption = BuildInterruption.install()) {
            Path scratch = Files.createTempDirectory("jbuild-context");
            try {
                context = location.materialize(System.in, scratch);
                return build(cl, namedContexts(cl, scratch), mode, interruption);
            } catch (Exception e) {
                if (!interruption.requested()) {
                    throw e;
                }
                cl.getErr().println(BuildInterruption.MESSAGE);
                cl.getErr().flush();
                return ExitStatus.INTERRUPTED;
            } finally {
                TreeDeletion.delete(scratch);
            }
        }
    }

    private ProgressMode progressMode(CommandLine cl) {
        if (quiet) {
            return ProgressMode.QUIET;
        }
        try {
            return ProgressMode.choose(progressMode, System.getenv()).resolve(Terminal.stderrIsTerminal(System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    private int build(CommandLine cl, Map<String, String> namedContexts, ProgressMode mode, BuildInterruption interruption)
            throws Exception {
        if (platform != null && !platform.equals(platformText())) {
            throw new CommandLine.ParameterException(cl, "--platform " + platform + ": only this machine's platform ("
                    + platformText() + ") can be built for now");
        }
        if (!List.of("default", "none", "host").contains(network)) {
            throw new CommandLine.ParameterException(cl, "--network must be default, none or host, not " + network);
        }
        Output out = output == null ? null : Output.parse(cl, output);
        RemoteCacheOptions remoteCache;
        try {
            remoteCache = RemoteCacheOptions.parse(cacheFrom, cacheTo);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        Map<String, String> limitSetting = limitSetting(cl);
        tags.forEach(t -> StoreOption.reference(cl, t));
        Dockerfile dockerfile = dockerfile(cl);
        ImageStore store = storeOption.store();
        Optional<Path> dockerfilePath = "-".equals(file) ? Optional.empty()
                : Optional.of(file == null ? context.resolve("Dockerfile") : Path.of(file));
        BuildRequest.Builder builder = BuildRequest.builder(dockerfile).context(context).buildArgs(arguments())
                .target(target).tags(tags).noCache(noCache).pull(pull)
                .sandbox(sandbox.equalsIgnoreCase("auto") ? null : dev.jbuild.core.exec.SandboxKind.fromFlag(sandbox))
                .sourceDateEpoch(sourceDateEpoch(cl).orElse(null)).parallelStages(parallelStages())
                .network(dev.jbuild.core.exec.NetworkMode.fromFlag(network)).labels(labels(cl)).explainCache(explainCache)
                .noCacheFilter(noCacheFilter).remoteCache(remoteCache).snapshotter(SnapshotterKind.fromFlag(snapshotter));
        dockerfilePath.ifPresent(builder::dockerfilePath);
        secrets(cl).forEach(builder::secret);
        ssh(cl).forEach(builder::ssh);
        namedContexts.forEach(builder::namedContext);
        BuildRequest request = builder.build();
        BuildResult result;
        // Held over push and --output too: an untagged image's blobs are named by nothing a prune could see.
        try (DataDirectoryLock.Held held = DataDirectoryLock.of(store.root()).shared()) {
            try (ProgressDisplay display = mode.open(cl.getErr(), System.getenv(), Clock.systemUTC())) {
                result = new ImageBuilder(store.root(), interruption.reporting(display), registryOptions::client).build(request);
            }
            report(result, mode);
            if (push) {
                var client = registryOptions.client();
                for (String tag : result.tags()) {
                    var digest = client.push(StoreOption.reference(cl, tag), result.manifest(), store.blobs());
                    cl.getErr().println("pushed " + tag + " " + digest);
                }
                cl.getErr().flush();
            }
            if (out != null) {
                out.write(store, result);
            }
        }
        if (result.stepsRun() > 0) {
            keepCacheUnderLimit(store, limitSetting, mode == ProgressMode.QUIET || mode == ProgressMode.RAWJSON);
        }
        return ExitStatus.OK;
    }

    // A fully cached build added nothing, so only a build that ran steps pays for measuring the cache.
    private void keepCacheUnderLimit(ImageStore store, Map<String, String> environment, boolean silent) {
        PrintWriter err = spec.commandLine().getErr();
        new AutomaticPrune(store.root(), environment, w -> err.println("WARNING: " + w)).run().ifPresent(report -> {
            if (!silent) {
                err.println("build cache over its limit (" + CacheLimit.ENVIRONMENT + "): removed the least recently used, "
                        + "reclaimed " + report.reclaimed());
            }
        });
        err.flush();
    }

    // --cache-limit stands in for JBUILD_CACHE_LIMIT; checked before the build, not after it.
    private Map<String, String> limitSetting(CommandLine cl) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (cacheLimit == null) {
            return environment;
        }
        if (!cacheLimit.trim().equalsIgnoreCase("off")) {
            try {
                StorageSize.parse(cacheLimit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--cache-limit: " + e.getMessage() + ", or off");
            }
        }
        environment.put(CacheLimit.ENVIRONMENT, cacheLimit);
        return environment;
    }

    // Git repositories and tarball URLs are fetched into the scratch directory, as the main context is.
    private Map<String, String> namedContexts(CommandLine cl, Path scratch) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : buildContexts) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "--build-context " + spec
                        + ": expected NAME=DIR, NAME=docker-image://REF, NAME=oci-layout://PATH[:TAG] or NAME=GIT-URL");
            }
            String name = spec.substring(0, eq);
            String value = spec.substring(eq + 1);
            if (value.startsWith("docker-image://")) {
                out.put(name, value);
            } else if (OciLayoutReference.matches(value)) {
                out.put(name, ociLayout(cl, spec, value));
            } else if (new ContextLocation(value).isRemote() && !value.equals("-")) {
                Path into = Files.createDirectories(scratch.resolve("named-" + out.size()));
                try {
                    out.put(name, new ContextLocation(value).materialize(InputStream.nullInputStream(), into).toString());
                } catch (BuildContextException e) {
                    throw new CommandLine.ParameterException(cl, "--build-context " + spec + ": " + e.getMessage());
                }
            } else if (Files.isDirectory(Path.of(value))) {
                out.put(name, Path.of(value).toAbsolutePath().toString());
            } else {
                throw new CommandLine.ParameterException(cl, "--build-context " + spec + ": " + value
                        + " is not a directory, docker-image://REF, oci-layout://PATH or a git or tarball URL");
            }
        }
        return out;
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

    // As buildx: an id without paths means the agent of $SSH_AUTH_SOCK.
    private Map<String, List<Path>> ssh(CommandLine cl) {
        Map<String, List<Path>> out = new LinkedHashMap<>();
        for (String spec : sshSpecs) {
            int eq = spec.indexOf('=');
            String id = eq < 0 ? spec : spec.substring(0, eq);
            if (id.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "--ssh " + spec + ": expected default, ID, or ID=SOCKET|KEY[,KEY…]");
            }
            List<Path> paths = new ArrayList<>();
            if (eq < 0 || spec.substring(eq + 1).isEmpty()) {
                String agent = System.getenv("SSH_AUTH_SOCK");
                if (agent == null || agent.isEmpty()) {
                    throw new CommandLine.ParameterException(cl, "--ssh " + spec + ": SSH_AUTH_SOCK is not set; start an"
                            + " ssh-agent or give the socket or key files: --ssh " + id + "=PATH");
                }
                paths.add(Path.of(agent));
            } else {
                for (String path : spec.substring(eq + 1).split(",")) {
                    paths.add(Path.of(path).toAbsolutePath());
                }
            }
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    throw new CommandLine.ParameterException(cl, "--ssh " + spec + ": " + path + " does not exist");
                }
            }
            out.put(id, paths);
        }
        return out;
    }

    private Map<String, String> labels(CommandLine cl) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "--label " + label + ": expected KEY=VALUE");
            }
            out.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return out;
    }

    // A secret from the environment is written to a private temporary file for the mount.
    private Map<String, Path> secrets(CommandLine cl) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String spec : secretSpecs) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                fields.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
            }
            String id = fields.get("id");
            if (id == null || id.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "--secret " + spec + ": needs id=ID");
            }
            String src = fields.getOrDefault("src", fields.get("source"));
            String env = fields.get("env");
            if (src != null) {
                Path file = Path.of(src);
                if (!Files.isRegularFile(file)) {
                    throw new CommandLine.ParameterException(cl, "--secret " + spec + ": no such file " + src);
                }
                out.put(id, file.toAbsolutePath());
            } else {
                String value = System.getenv(env == null ? id : env);
                if (value == null) {
                    throw new CommandLine.ParameterException(cl, "--secret " + spec + ": environment variable "
                            + (env == null ? id : env) + " is not set");
                }
                Path file = Files.createTempFile("jbuild-secret-", "");
                file.toFile().deleteOnExit();
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                Files.writeString(file, value);
                out.put(id, file);
            }
        }
        return out;
    }

    // Stages mostly wait on their RUN commands, so more run at once than there are cores.
    private int parallelStages() {
        return serial ? 1 : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    private static String platformText() {
        var p = HostPlatform.current();
        return p.os() + "/" + p.architecture();
    }

    private Dockerfile dockerfile(CommandLine cl) throws Exception {
        if ("-".equals(file)) {
            return new DockerfileParser("Dockerfile").parse(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path path = file == null ? context.resolve("Dockerfile") : Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString());
        }
        String name = file == null ? "Dockerfile" : file;
        return new DockerfileParser(name).parse(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
    }

    private Map<String, String> arguments() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                String value = System.getenv(arg);
                if (value != null) {
                    out.put(arg, value);
                }
            } else {
                out.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return out;
    }

    // As BuildKit: the SOURCE_DATE_EPOCH build argument, else the environment variable.
    private Optional<Instant> sourceDateEpoch(CommandLine cl) {
        String epoch = arguments().getOrDefault("SOURCE_DATE_EPOCH", System.getenv("SOURCE_DATE_EPOCH"));
        if (epoch == null || epoch.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.trim())));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cl, "SOURCE_DATE_EPOCH must be whole seconds since 1970, not '" + epoch + "'");
        }
    }

    // The summary is text for people; rawjson keeps stderr to JSON lines.
    private void report(BuildResult result, ProgressMode mode) throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        String id = result.configDigest().toString();
        if (mode == ProgressMode.QUIET) {
            stdout.println(id);
        } else if (mode != ProgressMode.RAWJSON) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("writing image " + id + " done");
            err.println("manifest " + result.manifest().digest());
            result.tags().forEach(t -> err.println("naming to " + t + " done"));
            err.flush();
        }
        stdout.flush();
        if (iidFile != null) {
            Files.writeString(iidFile, id);
        }
        if (metadataFile != null) {
            String names = String.join(",", result.tags());
            Files.writeString(metadataFile, "{\n  \"containerimage.digest\": \"" + result.manifest().digest()
                    + "\",\n  \"containerimage.config.digest\": \"" + id + "\",\n  \"image.name\": \"" + names + "\"\n}\n");
        }
    }

    /**
     * {@code -o type=oci|docker|local|tar,dest=…}: an OCI layout tar, a docker-load archive, the
     * image's file tree in a directory (layers applied in order), or that tree as a tar.
     */
    private record Output(String type, Path dest) {
        /** Writing an image's tree as a tar takes minutes at most; a hung tar must not hang the command. */
        private static final Duration TAR_TIMEOUT = Duration.ofHours(1);

        static Output parse(CommandLine cl, String text) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new CommandLine.ParameterException(cl, "--output: '" + part + "' is not key=value");
                }
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
            String type = fields.getOrDefault("type", "");
            String dest = fields.get("dest");
            if (dest == null) {
                throw new CommandLine.ParameterException(cl, "--output needs dest=FILE or dest=DIR");
            }
            if (!List.of("oci", "docker", "local", "tar").contains(type)) {
                throw new CommandLine.ParameterException(cl, "--output type=" + type
                        + " is not supported: use type=oci, docker, local or tar");
            }
            return new Output(type, Path.of(dest));
        }

        void write(ImageStore store, BuildResult result) throws Exception {
            if (type.equals("oci") || type.equals("docker")) {
                String name = result.tags().isEmpty() ? "jbuild-output:latest" : result.tags().get(0);
                try (OutputStream out = Files.newOutputStream(dest)) {
                    new ImageArchive(store).write(List.of(new StoredImage(name, result.manifest())),
                            type.equals("oci") ? ArchiveFormat.OCI : ArchiveFormat.DOCKER, out);
                }
                return;
            }
            Path tree = type.equals("local") ? Files.createDirectories(dest) : Files.createTempDirectory("jbuild-output");
            ImageManifest manifest = ImageJson.read(store.readBlob(result.manifest().digest()), ImageManifest.class);
            for (Descriptor layer : manifest.layers()) {
                new LayerApplier().apply(store.blobs().path(layer.digest()), tree);
            }
            if (type.equals("tar")) {
                new HostCommand(List.of("tar", "--numeric-owner", "-C", tree.toString(), "-cf",
                        dest.toAbsolutePath().toString(), "."), TAR_TIMEOUT).check();
                TreeDeletion.delete(tree);
            }
        }
    }
}
