package dev.jbuild.core.solve;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.context.BuildContext;
import dev.jbuild.core.context.ContextSelection;
import dev.jbuild.core.context.FileChecksum;
import dev.jbuild.core.context.SourceTree;
import dev.jbuild.core.copy.CopyOperation;
import dev.jbuild.core.copy.FileCopier;
import dev.jbuild.core.copy.FileOwner;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.RootlessOwnership;
import dev.jbuild.core.plan.CopySource;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.source.ImageSource;
import dev.jbuild.core.source.ResolvedImage;
import dev.jbuild.grammar.Heredoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Does what COPY, ADD and WORKDIR do to a step's root filesystem: selects the sources (from the
 * build context, after .dockerignore, or from a stage's or image's root), checksums them for the
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
    private final boolean runningAsRoot = "root".equals(System.getProperty("user.name"));

    /**
     * @param context the build context, or null when the build has none
     * @param namedContexts directories given with {@code --build-context name=DIR}
     */
    public StepCopier(BuildContext context, Map<String, BuildContext> namedContexts, ImageSource images,
            Snapshotter snapshots, FileChecksum checksums) {
        this.context = context;
        this.namedContexts = Map.copyOf(namedContexts);
        this.images = images;
        this.snapshots = snapshots;
        this.checksums = checksums;
    }

    CopyInputs inputs(FilesystemStep.Copy copy, Map<Integer, CompletableFuture<StageResult>> done) {
        if (copy.source() instanceof CopySource.Stage s) {
            StageResult stage = done.get(s.index()).join();
            return new CopyInputs("stage:" + stage.key(), null, stage.layers());
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
        BuildContext source = context(copy.source());
        ContextSelection selection = source.select(copy.sources(), copy.excludes());
        return new CopyInputs("context:" + checksums.of(selection), source.directory(), List.of());
    }

    /** The checksum of a context path a {@code RUN --mount=type=bind} shows, for the step's key. */
    String contextChecksum(CopySource from, String source) {
        return checksums.of(context(from).select(List.of(source.isEmpty() ? "." : source), List.of())).toString();
    }

    /** The host path of a context path, resolved inside the context. */
    Path contextPath(CopySource from, String source) {
        return inRoot(context(from).directory(), "/" + source);
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
            ContextSelection selection = context(copy.source()).select(copy.sources(), copy.excludes());
            copier().copy(new CopyOperation(selection, copy.destination(), owner, mode, copy.add()), root);
            return;
        }
        try (MutableSnapshot source = snapshots.prepare(inputs.sourceLayers())) {
            ContextSelection selection = ContextSelection.resolve(SourceTree.stageRoot(source.root()), copy.sources(),
                    copy.excludes());
            copier().copy(new CopyOperation(selection, copy.destination(), owner, mode, false), root);
        }
    }

    private FileCopier copier() {
        return new FileCopier(FileCopier.Options.forCurrentProcess());
    }

    private void writeHeredocs(Path root, FilesystemStep.Copy copy, Optional<FileOwner> owner, OptionalInt mode) {
        for (Heredoc doc : copy.heredocs()) {
            String destination = copy.destination().endsWith("/") ? copy.destination() + doc.name() : copy.destination();
            try {
                Path target = inRoot(root, destination);
                Files.createDirectories(target.getParent());
                Files.writeString(target, doc.content(), StandardCharsets.UTF_8);
                Files.setAttribute(target, "unix:mode", mode.orElse(0644), LinkOption.NOFOLLOW_LINKS);
                if (owner.isPresent()) {
                    own(target, owner.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write heredoc " + doc.name() + " to " + destination + ": " + e.getMessage(), e);
            }
        }
    }

    void mkdir(Path root, FilesystemStep.Mkdir mkdir) {
        try {
            Path target = inRoot(root, mkdir.path());
            List<Path> missing = new ArrayList<>();
            for (Path p = target; p != null && p.startsWith(root) && !Files.exists(p); p = p.getParent()) {
                missing.add(0, p);
            }
            // as BuildKit, directories WORKDIR creates belong to the current USER
            long[] ids = OwnerNames.resolve(root, mkdir.user());
            for (Path dir : missing) {
                Files.createDirectory(dir);
                Files.setAttribute(dir, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
                if (ids[0] != 0 || ids[1] != 0) {
                    own(dir, new FileOwner(ids[0], ids[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create WORKDIR " + mkdir.path() + ": " + e.getMessage(), e);
        }
    }

    private void own(Path target, FileOwner owner) throws IOException {
        if (runningAsRoot) {
            Files.setAttribute(target, "unix:uid", (int) owner.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) owner.gid(), LinkOption.NOFOLLOW_LINKS);
        } else {
            RootlessOwnership.record(target, owner.uid(), owner.gid());
        }
    }

    /** The host path of an absolute path inside root, following symlinks inside root. */
    static Path inRoot(Path root, String absolute) {
        Path current = root;
        String[] parts = absolute.split("/");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            boolean last = i == parts.length - 1;
            for (int hops = 0; !last && Files.isSymbolicLink(next) && hops < 40; hops++) {
                try {
                    Path target = Files.readSymbolicLink(next);
                    next = target.isAbsolute() ? inRoot(root, target.toString())
                            : inRoot(root, "/" + root.relativize(current.resolve(target).normalize()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            current = next.startsWith(root) ? next : root;
        }
        return current;
    }
}
