package dev.jbuild.core.op;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.context.BuildContext;
import dev.jbuild.core.context.ContextSelection;
import dev.jbuild.core.context.FileChecksum;
import dev.jbuild.core.context.IgnorePatterns;
import dev.jbuild.core.context.SourceTree;
import dev.jbuild.core.fs.RootPath;
import dev.jbuild.core.copy.CopyException;
import dev.jbuild.core.copy.CopyOperation;
import dev.jbuild.core.copy.FileCopier;
import dev.jbuild.core.copy.FileOwner;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.OwnerMapping;
import dev.jbuild.core.layer.RootlessOwnership;
import dev.jbuild.core.plan.CopySource;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.plan.HeredocFile;
import dev.jbuild.core.source.remote.Checkout;
import dev.jbuild.core.source.remote.Download;
import dev.jbuild.core.source.remote.FetchedSource;
import dev.jbuild.core.source.remote.RemoteSources;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.source.image.ImageSource;
import dev.jbuild.core.source.image.ResolvedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Does what COPY, ADD and WORKDIR do to a step's root filesystem: selects the sources (from the
 * build context, after .dockerignore, from a stage's or image's root, or for ADD a URL or Git
 * repository pinned by {@link RemoteSources}), checksums them for the
 * step's cache key (memoised, so an unchanged context reads no file), and copies them with
 * Docker's rules through {@link FileCopier}. Heredoc sources become files; WORKDIR creates its
 * directory. Every destination is resolved inside the root, never on the host.
 */
public final class StepCopier {

    private final BuildContext context;
    private final Map<String, BuildContext> namedContexts;
    private final ImageSource images;
    private final Snapshotter snapshots;
    private final FileChecksum checksums;
    private final RemoteSources remote;
    private final OwnerMapping owners;
    private final FileCopier.Options copyOptions;

    /**
     * @param context the build context, or null when the build has none
     * @param namedContexts directories given with {@code --build-context name=DIR}
     * @param remote ADD's URLs and Git repositories
     * @param owners how the build's user namespace stores container owners on the host
     */
    public StepCopier(BuildContext context, Map<String, BuildContext> namedContexts, ImageSource images,
            Snapshotter snapshots, FileChecksum checksums, RemoteSources remote, OwnerMapping owners) {
        this.owners = owners;
        this.copyOptions = FileCopier.Options.forCurrentProcess(owners);
        this.context = context;
        this.namedContexts = Map.copyOf(namedContexts);
        this.images = images;
        this.snapshots = snapshots;
        this.checksums = checksums;
        this.remote = remote;
    }

    CopyInputs inputs(FilesystemStep.Copy copy, StageResults stages) {
        if (copy.source() instanceof CopySource.Stage s) {
            StageFilesystem stage = stages.stage(s.index());
            return new CopyInputs("stage-files:" + stageChecksum(stage.layers(), copy), null, stage.layers());
        }
        if (copy.source() instanceof CopySource.Image image) {
            ResolvedImage resolved = images.resolve(image.reference());
            List<LayerBlob> layers = new ArrayList<>();
            List<Digest> diffIds = resolved.config().rootfs().diffIds();
            for (int i = 0; i < resolved.layers().size(); i++) {
                var d = resolved.layers().get(i);
                layers.add(new LayerBlob(d.digest(), diffIds.get(i), d.size(), d.mediaType()));
            }
            return new CopyInputs("image:" + resolved.manifest().digest(), null, layers);
        }
        if (copy.sources().isEmpty()) {
            return new CopyInputs("heredocs", null, List.of());
        }
        List<String> local = new ArrayList<>();
        List<FetchedSource> fetched = new ArrayList<>();
        if (copy.add()) {
            for (String source : copy.sources()) {
                remote.fetch(source, copy.checksum()).ifPresentOrElse(fetched::add, () -> local.add(source));
            }
            if (!fetched.isEmpty() && copy.sources().size() + copy.heredocs().size() > 1
                    && !copy.destination().endsWith("/")) {
                throw new CopyException(copy.destination(), "When using ADD with more than one source file,"
                        + " the destination must be a directory and end with a /");
            }
        } else {
            local.addAll(copy.sources());
        }
        List<String> key = new ArrayList<>();
        Path directory = null;
        if (!local.isEmpty()) {
            BuildContext source = context(copy.source());
            key.add("context:" + checksums.of(source.select(local, copy.excludes(), copy.parents())));
            directory = source.directory();
        }
        fetched.forEach(f -> key.add(f.keyPart()));
        return new CopyInputs(String.join("\n", key), directory, List.of(), local, fetched);
    }

    /**
     * The checksum of what a COPY selects from a stage's root, as BuildKit keys a copy on the
     * content of its source paths: a change to the stage that leaves those files alike (a
     * comment in a source that compiles to the same binary) leaves the copy's key alike. Names,
     * types, modes, owners, link targets and content count, times do not ({@link FileChecksum}).
     */
    private Digest stageChecksum(List<LayerBlob> layers, FilesystemStep.Copy copy) {
        try (MutableSnapshot source = snapshots.prepareReadable(layers)) {
            return checksums.of(ContextSelection.resolve(SourceTree.stageRoot(source.root(), owners), copy.sources(),
                    copy.excludes(), copy.parents()));
        }
    }

    /** The checksum of a context path a {@code RUN --mount=type=bind} shows, for the step's key. */
    String contextChecksum(CopySource from, String source) {
        return checksums.of(context(from).select(List.of(source.isEmpty() ? "." : source), List.of())).toString();
    }

    /** The host path of a context path, resolved inside the context. */
    Path contextPath(CopySource from, String source) {
        return inRoot(context(from).directory(), "/" + source, RootPath.Policy.CONTAINER);
    }

    private BuildContext context(CopySource source) {
        String name = source instanceof CopySource.Context c ? c.name() : "";
        BuildContext chosen = name.isEmpty() ? context : namedContexts.get(name);
        if (chosen == null) {
            throw new IllegalStateException(name.isEmpty() ? "this build has no context to read from"
                    : "no build context named " + name);
        }
        return chosen;
    }

    void copy(Path root, FilesystemStep.Copy copy, CopyInputs inputs) {
        Optional<FileOwner> owner = copy.chown().map(spec -> {
            long[] ids = OwnerNames.resolve(root, spec);
            return new FileOwner(ids[0], ids[1]);
        });
        OptionalInt mode = copy.chmod().map(m -> OptionalInt.of(Integer.parseInt(m, 8))).orElse(OptionalInt.empty());
        if (!copy.sources().isEmpty()) {
            copySources(root, copy, inputs, owner, mode);
        }
        writeHeredocs(root, copy, owner, mode);
    }

    private void copySources(Path root, FilesystemStep.Copy copy, CopyInputs inputs, Optional<FileOwner> owner,
            OptionalInt mode) {
        boolean fromContext = !(copy.source() instanceof CopySource.Stage || copy.source() instanceof CopySource.Image);
        if (fromContext) {
            if (!inputs.localSources().isEmpty()) {
                ContextSelection selection = context(copy.source()).select(inputs.localSources(), copy.excludes(),
                        copy.parents());
                // BuildKit unpacks local archives for ADD unless --unpack=false
                boolean unpack = copy.add() && copy.unpack().orElse(true);
                copier().copy(new CopyOperation(selection, copy.destination(), owner, mode, unpack), root);
            }
            for (FetchedSource fetched : inputs.fetched()) {
                copyFetched(root, copy, fetched, owner, mode);
            }
            return;
        }
        // only read: a linked root costs directories and links, not a copy
        try (MutableSnapshot source = snapshots.prepareReadable(inputs.sourceLayers())) {
            ContextSelection selection = ContextSelection.resolve(SourceTree.stageRoot(source.root(), owners), copy.sources(),
                    copy.excludes(), copy.parents());
            copier().copy(new CopyOperation(selection, copy.destination(), owner, mode, false), root);
        }
    }

    // A download is unpacked only with --unpack=true, a repository never: BuildKit's rules.
    private void copyFetched(Path root, FilesystemStep.Copy copy, FetchedSource fetched, Optional<FileOwner> owner,
            OptionalInt mode) {
        try (Checkout checkout = remote.open(fetched, copy.keepGitDir())) {
            SourceTree tree = new SourceTree(RootPath.of(checkout.root()), IgnorePatterns.NONE,
                    SourceTree.Owners.RESET_TO_ROOT);
            ContextSelection selection = ContextSelection.resolve(tree, List.of(checkout.source()), copy.excludes());
            boolean unpack = fetched instanceof Download && copy.unpack().orElse(false);
            copier().copy(new CopyOperation(selection, copy.destination(), owner, mode, unpack), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fetched " + copy.sources() + ": " + e.getMessage(), e);
        }
    }

    private FileCopier copier() {
        return new FileCopier(copyOptions);
    }

    private void writeHeredocs(Path root, FilesystemStep.Copy copy, Optional<FileOwner> owner, OptionalInt mode) {
        for (HeredocFile doc : copy.heredocs()) {
            String destination = copy.destination().endsWith("/") ? copy.destination() + doc.name() : copy.destination();
            try {
                // parents are made inside the root, never through a link to the host
                Path target = RootPath.of(root, dir -> makeDirectory(dir, owner.orElse(FileOwner.ROOT)))
                        .resolve(destination, new RootPath.Policy(RootPath.Escapes.REROOT, RootPath.Missing.CREATE,
                                RootPath.FinalLink.KEEP)).host();
                // replaced, never written into: the root's files may share inodes with the cache
                Files.deleteIfExists(target);
                Files.writeString(target, doc.content(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                Files.setAttribute(target, "unix:mode", mode.orElse(0644), LinkOption.NOFOLLOW_LINKS);
                own(target, owner.orElse(FileOwner.ROOT));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write heredoc " + doc.name() + " to " + destination + ": " + e.getMessage(), e);
            }
        }
    }

    void mkdir(Path root, FilesystemStep.Mkdir mkdir) {
        try {
            RootPath.Resolved target = RootPath.of(root).resolve(mkdir.path(), RootPath.Policy.CONTAINER);
            // as BuildKit, directories WORKDIR creates belong to the current USER
            long[] ids = OwnerNames.resolve(root, mkdir.user());
            for (Path dir : target.missing()) {
                makeDirectory(dir, new FileOwner(ids[0], ids[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create WORKDIR " + mkdir.path() + ": " + e.getMessage(), e);
        }
    }

    private void makeDirectory(Path dir, FileOwner owner) throws IOException {
        Files.createDirectory(dir);
        Files.setAttribute(dir, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
        own(dir, owner);
    }

    /** Gives every entry of the tree at {@code top} to container root, as a context's files are inside. */
    void ownAsContainerRoot(Path top) {
        if (!copyOptions.applyOwnership()) {
            return; // a rootless JVM's own files are container root's already
        }
        try (Stream<Path> entries = Files.walk(top)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                own(entry, FileOwner.ROOT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + top + " to container root: " + e.getMessage(), e);
        }
    }

    // Root-owned is what a file the JVM creates already is inside a rootless sandbox; as root,
    // even container root is a shifted host id.
    void own(Path target, FileOwner owner) throws IOException {
        long uid = owners.hostUid(owner.uid());
        long gid = owners.hostGid(owner.gid());
        if (copyOptions.applyOwnership() && uid != OwnerMapping.UNMAPPED && gid != OwnerMapping.UNMAPPED) {
            PosixAttributes.lchown(target, uid, gid);
        } else if (!owner.equals(FileOwner.ROOT)) {
            RootlessOwnership.record(target, owner.uid(), owner.gid());
        }
    }

    /**
     * The host path of {@code path} inside {@code root}, symlinks re-rooted as the container
     * would see them, the final one followed or kept as {@code policy} says.
     */
    static Path inRoot(Path root, String path, RootPath.Policy policy) {
        try {
            return RootPath.of(root).resolve(path, policy).host();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
