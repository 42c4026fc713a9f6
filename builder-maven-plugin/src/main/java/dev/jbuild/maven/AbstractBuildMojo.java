package dev.jbuild.maven;

import dev.jbuild.cache.CacheDirectory;
import dev.jbuild.core.build.BuildRequest;
import dev.jbuild.core.build.BuildResult;
import dev.jbuild.core.build.ImageBuilder;
import dev.jbuild.core.build.SourceDateEpoch;
import dev.jbuild.core.build.TargetPlatforms;
import dev.jbuild.core.build.SshForward;
import dev.jbuild.core.exec.NetworkMode;
import dev.jbuild.core.exec.RunLimits;
import dev.jbuild.core.exec.SandboxKind;
import dev.jbuild.core.exec.Ulimit;
import dev.jbuild.core.context.BuildContextException;
import dev.jbuild.core.context.ContextLocation;
import dev.jbuild.core.export.BuildMetadata;
import dev.jbuild.core.export.Exporter;
import dev.jbuild.core.export.OutputSpec;
import dev.jbuild.core.export.Exporters;
import dev.jbuild.core.export.ExportTargets;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.progress.PlainProgress;
import dev.jbuild.core.prune.AutomaticPrune;
import dev.jbuild.core.registry.DockerConfig;
import dev.jbuild.core.registry.ImageReference;
import dev.jbuild.core.registry.RegistryClient;
import dev.jbuild.core.registry.RegistryException;
import dev.jbuild.core.remotecache.RemoteCacheOptions;
import dev.jbuild.core.snapshot.SnapshotterKind;
import dev.jbuild.core.source.image.OciLayoutReference;
import dev.jbuild.grammar.Dockerfile;
import dev.jbuild.grammar.DockerfileException;
import dev.jbuild.grammar.DockerfileParser;
import java.io.File;
import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What the image goals share: the parameters of {@code jbuild build} (each also a {@code jbuild.*}
 * property), the request made from them with the CLI's defaults, progress rendered by core's plain
 * renderer into Maven's log, and the results left in {@code target/} and the project's properties.
 * A goal adds the exporters that send the image on.
 */
public abstract class AbstractBuildMojo extends AbstractMojo {

    /** The Dockerfile, like {@code -f}. */
    @Parameter(property = "jbuild.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    File dockerfile;

    /** The build context directory. */
    @Parameter(property = "jbuild.context", defaultValue = "${project.basedir}")
    File context;

    /** Names for the image, like {@code -t}; {@code jbuild:push} pushes each to its registry. */
    @Parameter(property = "jbuild.tags")
    List<String> tags = new ArrayList<>();

    /** Build arguments, like {@code --build-arg}; {@code SOURCE_DATE_EPOCH} here fixes every timestamp. */
    @Parameter
    Map<String, String> buildArgs = new LinkedHashMap<>();

    /** The stage to build, like {@code --target}. */
    @Parameter(property = "jbuild.target")
    String target;

    /** Run every step without the cache, like {@code --no-cache}. */
    @Parameter(property = "jbuild.noCache", defaultValue = "false")
    boolean noCache;

    /** Always fetch base images from their registry, like {@code --pull}. */
    @Parameter(property = "jbuild.pull", defaultValue = "false")
    boolean pull;

    /**
     * The platforms to build for, like {@code --platform}: {@code os/arch[/variant]}, several
     * separated by commas for an image index (default: this machine's).
     */
    @Parameter(property = "jbuild.platform")
    String platform;

    /** Labels set on the image, like {@code --label}. */
    @Parameter
    Map<String, String> labels = new LinkedHashMap<>();

    /** Files for {@code RUN --mount=type=secret,id=ID}, by id, like {@code --secret id=ID,src=FILE}. */
    @Parameter
    Map<String, File> secrets = new LinkedHashMap<>();

    /**
     * SSH agents for {@code RUN --mount=type=ssh}, like {@code --ssh}, one {@code <ssh>} each:
     * {@code default} (the agent of {@code SSH_AUTH_SOCK}) or {@code ID=SOCKET|KEY[,KEY…]}, paths relative to the module.
     */
    @Parameter(property = "jbuild.ssh")
    List<String> ssh = new ArrayList<>();

    /**
     * Extra contexts for {@code FROM NAME} and {@code COPY --from=NAME}, like {@code --build-context}:
     * a directory (relative to the module), {@code docker-image://REF}, {@code oci-layout://PATH[:TAG]},
     * or a git or tarball URL, fetched into {@code target/jbuild-contexts/}.
     */
    @Parameter
    Map<String, String> buildContexts = new LinkedHashMap<>();

    // A map parameter cannot take a property, so each map has one of its own, KEY=VALUE,… , whose
    // entries win over the POM's; the expression is left unexpanded when the property is not set.
    /** {@code -Djbuild.buildArgs=KEY=VALUE,…}: build arguments over {@code <buildArgs>}. */
    @Parameter(defaultValue = "${jbuild.buildArgs}", readonly = true)
    String buildArgsProperty;

    /** {@code -Djbuild.labels=KEY=VALUE,…}: labels over {@code <labels>}. */
    @Parameter(defaultValue = "${jbuild.labels}", readonly = true)
    String labelsProperty;

    /** {@code -Djbuild.buildContexts=NAME=VALUE,…}: contexts over {@code <buildContexts>}. */
    @Parameter(defaultValue = "${jbuild.buildContexts}", readonly = true)
    String buildContextsProperty;

    /** {@code -Djbuild.secrets=ID=FILE,…}: secret files over {@code <secrets>}, relative to the module. */
    @Parameter(defaultValue = "${jbuild.secrets}", readonly = true)
    String secretsProperty;

    /** Network of RUN steps: default, none or host, like {@code --network}. */
    @Parameter(property = "jbuild.network", defaultValue = "default")
    String network;

    /** Size of the RUN steps' /dev/shm, like {@code --shm-size}: bytes or a number with k, m, g (default 64m, as BuildKit's). */
    @Parameter(property = "jbuild.shmSize")
    String shmSize;

    /** Resource limits of RUN steps, like {@code --ulimit}: one {@code TYPE=SOFT[:HARD]} each, e.g. {@code nofile=1024:4096}. */
    @Parameter(property = "jbuild.ulimits")
    List<String> ulimits = new ArrayList<>();

    /** Where RUN steps run: auto, oci, bwrap or unshare, like {@code --sandbox}. */
    @Parameter(property = "jbuild.sandbox", defaultValue = "auto")
    String sandbox;

    /** How RUN steps get their root: auto, overlay or native, like {@code --snapshotter}. */
    @Parameter(property = "jbuild.snapshotter", defaultValue = "auto")
    String snapshotter;

    /** Registries (HOST[:PORT]) reached over plain HTTP, like {@code --insecure-registry}; loopback always is. */
    @Parameter(property = "jbuild.insecureRegistries")
    List<String> insecureRegistries = new ArrayList<>();

    /** Shared caches to import, like {@code --cache-from}: {@code type=registry,ref=REF} or {@code type=local,src=DIR}. */
    @Parameter(property = "jbuild.cacheFrom")
    List<String> cacheFrom = new ArrayList<>();

    /** Shared caches to export, like {@code --cache-to}: {@code type=registry,ref=REF[,mode=min|max]} or {@code type=local,dest=DIR}. */
    @Parameter(property = "jbuild.cacheTo")
    List<String> cacheTo = new ArrayList<>();

    /** jbuild's data directory; default as the CLI's ($JBUILD_CACHE, $XDG_CACHE_HOME/jbuild, ~/.cache/jbuild). */
    @Parameter(property = "jbuild.cacheDir")
    File cacheDir;

    /**
     * Where the image also goes, as {@code jbuild build -o} (buildx's syntax), one {@code <output>} each:
     * e.g. {@code type=oci,dest=target/image.tar} or {@code type=registry,name=registry.example.com/app:1}.
     */
    @Parameter(property = "jbuild.outputs")
    List<String> outputs = new ArrayList<>();

    /** Where the build's metadata goes, as {@code --metadata-file}: buildx's keys, for later CI steps. */
    @Parameter(property = "jbuild.metadataFile", defaultValue = "${project.build.directory}/jbuild-metadata.json")
    File metadataFile;

    /** Skips the goal. */
    @Parameter(property = "jbuild.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${session.offline}", readonly = true)
    boolean offline;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter decrypter;

    /** The environment SOURCE_DATE_EPOCH is read from; the process's own outside tests. */
    Map<String, String> environment = System.getenv();

    /** What the goal is called in log lines, e.g. {@code build}. */
    abstract String goal();

    /** The exporters this goal adds after the image is in the store; checked before the build starts. */
    abstract List<Exporter> exporters() throws MojoExecutionException;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jbuild: " + goal() + " skipped (<skip>)");
            return;
        }
        if (project != null && "pom".equals(project.getPackaging())) {
            getLog().info("jbuild: " + goal() + " skipped for a module of pom packaging");
            return;
        }
        BuildRequest request = request(parsedDockerfile());
        Path data = cacheDir != null ? cacheDir.toPath() : CacheDirectory.fromEnvironment().root();
        BuildResult result = build(data, request);
        record(result);
        if (result.stepsRun() > 0) {
            new AutomaticPrune(data, environment, w -> getLog().warn("jbuild: " + w)).run()
                    .ifPresent(r -> getLog().info("jbuild: build cache over its limit, reclaimed " + r.reclaimed()));
        }
    }

    private Dockerfile parsedDockerfile() throws MojoExecutionException, MojoFailureException {
        if (!dockerfile.isFile()) {
            throw new MojoExecutionException("jbuild: no Dockerfile at " + dockerfile + "; set <dockerfile> to this"
                    + " module's Dockerfile, or <skip>true</skip> for a module without an image");
        }
        try {
            return DockerfileParser.parse(dockerfile.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("jbuild: cannot read " + dockerfile + " (<dockerfile>): " + e.getMessage(), e);
        } catch (DockerfileException e) {
            throw new MojoFailureException(e.describe(), e);
        }
    }

    BuildRequest request(Dockerfile parsed) throws MojoExecutionException {
        if (!context.isDirectory()) {
            throw new MojoExecutionException("jbuild: the build context " + context + " (<context>) is not a directory");
        }
        if (pull && offline) {
            throw new MojoExecutionException("jbuild: <pull> fetches base images, but Maven is offline (-o)");
        }
        Map<String, String> buildArgs = merged(this.buildArgs, "jbuild.buildArgs", buildArgsProperty);
        BuildRequest.Builder builder = BuildRequest.builder(parsed).dockerfilePath(dockerfile.toPath())
                .context(context.toPath()).buildArgs(buildArgs).target(target).noCache(noCache).pull(pull)
                .labels(merged(labels, "jbuild.labels", labelsProperty)).remoteCache(remoteCache()).network(option("network", network, NetworkMode::fromFlag))
                .snapshotter(option("snapshotter", snapshotter, SnapshotterKind::fromFlag))
                .sandbox("auto".equalsIgnoreCase(sandbox) ? null : option("sandbox", sandbox, SandboxKind::fromFlag))
                .sourceDateEpoch(option("buildArgs", buildArgs, a -> SourceDateEpoch.resolve(a, environment)).orElse(null));
        if (platform != null && !platform.isBlank()) {
            builder.platforms(option("platform", platform, TargetPlatforms::parse));
        }
        if (shmSize != null) {
            builder.shmSize(option("shmSize", shmSize, RunLimits::parseSize));
        }
        for (String spec : ulimits) {
            builder.ulimit(option("ulimits", spec, u -> Ulimit.parse(u).requireSettable()));
        }
        for (String tag : tags) {
            builder.tag(option("tags", tag, t -> {
                ImageReference.parse(t);
                return t;
            }));
        }
        Map<String, File> secrets = new LinkedHashMap<>(this.secrets);
        Path module = project != null ? project.getBasedir().toPath() : Path.of("");
        keyValues("jbuild.secrets", secretsProperty).forEach((id, file) -> secrets.put(id, module.resolve(file).toFile()));
        for (Map.Entry<String, File> secret : secrets.entrySet()) {
            if (!secret.getValue().isFile()) {
                throw new MojoExecutionException("jbuild: <secrets> " + secret.getKey() + ": no such file " + secret.getValue());
            }
            builder.secret(secret.getKey(), secret.getValue().toPath().toAbsolutePath());
        }
        for (String spec : ssh) {
            SshForward forward = option("ssh", moduleRelative(spec, module), s -> SshForward.parse(s, environment));
            builder.ssh(forward.id(), forward.paths());
        }
        for (Map.Entry<String, String> named : merged(buildContexts, "jbuild.buildContexts", buildContextsProperty).entrySet()) {
            builder.namedContext(named.getKey(), namedContext(named.getKey(), named.getValue(), module));
        }
        exporters().forEach(builder::exporter);
        for (String spec : outputs) {
            builder.exporter(output("outputs", spec));
        }
        return builder.build();
    }

    private BuildResult build(Path data, BuildRequest request) throws MojoFailureException {
        Supplier<RegistryClient> registry = registry();
        try (PlainProgress progress = new PlainProgress(new PrintWriter(new MavenLogWriter(getLog())), Clock.systemUTC())) {
            return new ImageBuilder(data, progress, registry).build(request);
        } catch (DockerfileException e) {
            throw new MojoFailureException(e.describe(), e);
        } catch (BuildException e) {
            String where = e.range().map(r -> dockerfile.getName() + ":" + r.startLine() + ": ").orElse("");
            throw new MojoFailureException("jbuild: " + where + e.getMessage()
                    + (e.outputTail().isBlank() ? "" : "\n" + e.outputTail()), e);
        } catch (RegistryException | IllegalStateException e) {
            throw new MojoFailureException("jbuild: " + e.getMessage(), e);
        }
    }

    // Made only when the build needs a registry, so settings.xml is decrypted only then; offline, none is reached.
    private Supplier<RegistryClient> registry() {
        if (offline) {
            return () -> {
                throw new IllegalStateException("Maven is offline (-o), so no registry is reached: base images must"
                        + " already be in jbuild's store (" + (cacheDir != null ? cacheDir : "the default data directory")
                        + "); build once online or import them");
            };
        }
        return () -> {
            RegistryClient.Builder builder = RegistryClient.builder()
                    .dockerConfig(new SettingsCredentials(settings, decrypter).over(DockerConfig.loadDefault()));
            insecureRegistries.forEach(builder::insecureRegistry);
            return builder.build();
        };
    }

    private RemoteCacheOptions remoteCache() throws MojoExecutionException {
        try {
            return RemoteCacheOptions.parse(cacheFrom, cacheTo);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jbuild: " + e.getMessage().replace("--cache-from", "<cacheFrom>")
                    .replace("--cache-to", "<cacheTo>"), e);
        }
    }

    // ID=PATH,… with each path resolved against the module, as Maven resolves a File parameter
    private static String moduleRelative(String spec, Path module) {
        int eq = spec.indexOf('=');
        if (eq < 0 || eq == spec.length() - 1) {
            return spec;
        }
        List<String> paths = new ArrayList<>();
        for (String path : spec.substring(eq + 1).split(",")) {
            paths.add(module.resolve(path).toString());
        }
        return spec.substring(0, eq + 1) + String.join(",", paths);
    }

    /** One named context as the build request takes it: a directory, docker-image:// or oci-layout://. */
    private String namedContext(String name, String value, Path module) throws MojoExecutionException {
        String element = "<buildContexts> " + name + "=" + value;
        if (value.startsWith("docker-image://")) {
            return value;
        }
        if (OciLayoutReference.matches(value)) {
            String path = value.substring("oci-layout://".length());
            return "oci-layout://" + module.resolve(path);
        }
        if (new ContextLocation(value).isRemote()) {
            if (offline) {
                throw new MojoExecutionException("jbuild: " + element + " is fetched, but Maven is offline (-o)");
            }
            Path scratch = Path.of(project != null ? project.getBuild().getDirectory() : "target", "jbuild-contexts", name);
            try {
                return new ContextLocation(value).materialize(InputStream.nullInputStream(),
                        Files.createDirectories(scratch)).toString();
            } catch (IOException | BuildContextException e) {
                throw new MojoExecutionException("jbuild: " + element + ": " + e.getMessage(), e);
            }
        }
        Path directory = module.resolve(value);
        if (!Files.isDirectory(directory)) {
            throw new MojoExecutionException("jbuild: " + element + ": " + directory + " is not a directory,"
                    + " docker-image://REF, oci-layout://PATH or a git or tarball URL");
        }
        return directory.toString();
    }

    private static Map<String, String> merged(Map<String, String> pom, String property, String text)
            throws MojoExecutionException {
        Map<String, String> merged = new LinkedHashMap<>(pom);
        merged.putAll(keyValues(property, text));
        return merged;
    }

    /** A map property's KEY=VALUE,… entries, in order; none when the property is not set. */
    static Map<String, String> keyValues(String property, String text) throws MojoExecutionException {
        Map<String, String> entries = new LinkedHashMap<>();
        if (text == null || text.isBlank() || text.startsWith("${")) {
            return entries;
        }
        for (String entry : text.split(",")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new MojoExecutionException("jbuild: -D" + property + ": '" + entry + "' is not KEY=VALUE"
                        + " (entries are separated by commas; give a value with a comma in the POM)");
            }
            entries.put(entry.substring(0, equals).strip(), entry.substring(equals + 1));
        }
        return entries;
    }

    /** One output in buildx's {@code -o} syntax; a bad one is an error naming {@code element}. */
    Exporter output(String element, String spec) throws MojoExecutionException {
        if (offline && spec.matches(".*(type=registry|push=true).*")) {
            throw new MojoExecutionException("jbuild: <" + element + "> " + spec + " pushes, but Maven is offline (-o)");
        }
        ExportTargets targets = new ExportTargets(OutputStream.nullOutputStream(), false, tags);
        return option(element, spec, s -> Exporters.create(OutputSpec.parse("<" + element + ">", s), targets,
                w -> getLog().warn("jbuild: " + w)));
    }

    /** Converts one parameter, naming its POM element when the value is refused. */
    private static <T, R> R option(String element, T value, Function<T, R> convert)
            throws MojoExecutionException {
        try {
            return convert.apply(value);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jbuild: <" + element + ">: " + e.getMessage(), e);
        }
    }

    // As Jib's jib-image.digest and jib-image.id: files a later step (a deploy, a scan) can read.
    private void record(BuildResult result) throws MojoExecutionException {
        String digest = result.exportedManifest().digest().toString();
        String id = result.configDigest().toString();
        getLog().info("jbuild: image " + id + ", manifest " + digest);
        result.tags().forEach(t -> getLog().info("jbuild: naming to " + t));
        if (metadataFile != null) {
            try {
                Files.createDirectories(metadataFile.toPath().toAbsolutePath().getParent());
                new BuildMetadata(result.exportedManifest(), result.configDigest(), result.tags(),
                        Optional.of(BuildMetadata.newBuildRef())).write(metadataFile.toPath());
            } catch (IOException e) {
                throw new MojoExecutionException("jbuild: cannot write <metadataFile> " + metadataFile + ": " + e.getMessage(), e);
            }
        }
        if (project == null) {
            return;
        }
        project.getProperties().setProperty("jbuild.image.digest", digest);
        project.getProperties().setProperty("jbuild.image.id", id);
        Path target = Path.of(project.getBuild().getDirectory());
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("jbuild-image.digest"), digest);
            Files.writeString(target.resolve("jbuild-image.id"), id);
        } catch (IOException e) {
            throw new MojoExecutionException("jbuild: cannot write the image digest into " + target + ": " + e.getMessage(), e);
        }
    }
}
