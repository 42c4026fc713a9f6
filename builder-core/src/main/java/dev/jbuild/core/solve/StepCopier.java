package dev.jbuild.core.solve;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.RootlessOwnership;
import dev.jbuild.core.plan.BuildException;
import dev.jbuild.core.plan.CopySource;
import dev.jbuild.core.plan.FilesystemStep;
import dev.jbuild.core.snapshot.MutableSnapshot;
import dev.jbuild.core.snapshot.Snapshotter;
import dev.jbuild.core.source.ImageSource;
import dev.jbuild.core.source.ResolvedImage;
import dev.jbuild.grammar.Heredoc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Does what COPY, ADD and WORKDIR do to a step's root filesystem, with Docker's rules: a
 * source directory's contents are copied, several sources or a trailing slash make the
 * destination a directory, missing parents are created 0755, files from the context belong to
 * root unless {@code --chown} says otherwise while files from a stage or image keep their owner.
 * Every destination path is resolved inside the root, symlinks included, never on the host.
 */
public final class StepCopier {

    private static final int MAX_LINKS = 40;

    private final Path context;
    private final ImageSource images;
    private final Snapshotter snapshots;
    private final boolean root = "root".equals(System.getProperty("user.name"));

    /** @param context the build context directory, or null when the build has none */
    public StepCopier(Path context, ImageSource images, Snapshotter snapshots) {
        this.context = context == null ? null : context.toAbsolutePath().normalize();
        this.images = images;
        this.snapshots = snapshots;
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
        if (context == null) {
            throw new IllegalStateException("COPY from the context, but this build has no context");
        }
        MessageDigest hash = sha256();
        for (String source : copy.sources()) {
            for (Path match : select(context, source, true)) {
                checksum(hash, context, match);
            }
        }
        return new CopyInputs("context:" + HexFormat.of().formatHex(hash.digest()), context, List.of());
    }

    void copy(Path root, FilesystemStep.Copy copy, CopyInputs inputs) {
        MutableSnapshot source = inputs.sourceLayers().isEmpty() && inputs.contextDirectory() != null
                ? null : copy.sources().isEmpty() ? null : snapshots.prepare(inputs.sourceLayers());
        try {
            Path from = source != null ? source.root() : inputs.contextDirectory();
            boolean fromContext = source == null;
            List<Path> matches = new ArrayList<>();
            for (String pattern : copy.sources()) {
                matches.addAll(select(from, pattern, fromContext));
            }
            int count = matches.size() + copy.heredocs().size();
            boolean destIsDir = copy.destination().endsWith("/") || count > 1
                    || Files.isDirectory(inRoot(root, copy.destination()));
            Owner owner = owner(root, copy, fromContext);
            Integer mode = copy.chmod().map(m -> Integer.parseInt(m, 8)).orElse(null);
            for (Path match : matches) {
                Path target = destIsDir || Files.isDirectory(match)
                        ? (Files.isDirectory(match) ? inRoot(root, copy.destination())
                                : inRoot(root, join(copy.destination(), match.getFileName().toString())))
                        : inRoot(root, copy.destination());
                createParents(root, target);
                if (Files.isDirectory(match)) {
                    if (!Files.exists(target)) {
                        // the directory a copy creates for a source directory's contents gets its owner
                        mkdirs(target);
                        owner.apply(target);
                    }
                    copyContents(match, target, owner, mode);
                } else {
                    copyOne(match, target, owner, mode);
                }
            }
            for (Heredoc doc : copy.heredocs()) {
                Path target = destIsDir ? inRoot(root, join(copy.destination(), doc.name())) : inRoot(root, copy.destination());
                createParents(root, target);
                Files.writeString(target, doc.content(), StandardCharsets.UTF_8);
                applyMode(target, mode == null ? 0644 : mode);
                owner.apply(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy into " + copy.destination() + ": " + e.getMessage(), e);
        } finally {
            if (source != null) {
                source.close();
            }
        }
    }

    void mkdir(Path root, FilesystemStep.Mkdir mkdir) {
        try {
            Path target = inRoot(root, mkdir.path());
            if (!Files.isDirectory(target)) {
                createParents(root, target);
                mkdirs(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create WORKDIR " + mkdir.path() + ": " + e.getMessage(), e);
        }
    }

    // --- sources ---

    private static List<Path> select(Path from, String pattern, boolean context) {
        String relative = pattern.replaceAll("^/+", "");
        List<Path> out = new ArrayList<>();
        if (relative.isEmpty() || relative.equals(".")) {
            out.add(from);
            return out;
        }
        Path candidate = from.resolve(relative).normalize();
        if (!candidate.startsWith(from)) {
            throw new IllegalArgumentException("forbidden path outside the build context: " + pattern);
        }
        if (!relative.matches(".*[*?\\[].*")) {
            Path resolved = followInside(from, candidate);
            if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("\"/" + relative + "\": not found"
                        + (context ? " in the build context" : ""));
            }
            out.add(resolved);
            return out;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(p -> !p.equals(from) && matcher.matches(from.relativize(p))).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no source files were specified: \"" + pattern + "\" matches nothing");
        }
        return out;
    }

    // A named source that is a symlink is followed, resolved inside its root.
    private static Path followInside(Path root, Path path) {
        Path current = path;
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(current); i++) {
            try {
                Path target = Files.readSymbolicLink(current);
                current = (target.isAbsolute() ? root.resolve(root.getRoot().relativize(target))
                        : current.getParent().resolve(target)).normalize();
                if (!current.startsWith(root)) {
                    current = root;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return current;
    }

    private static void checksum(MessageDigest hash, Path base, Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted().toList()) {
                update(hash, base.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    update(hash, "link:" + Files.readSymbolicLink(p));
                    continue;
                }
                update(hash, Files.isDirectory(p) ? "dir" : "file");
                update(hash, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                if (Files.isRegularFile(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        byte[] buffer = new byte[65536];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            hash.update(buffer, 0, n);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static void update(MessageDigest hash, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        hash.update((byte) (bytes.length >>> 8));
        hash.update((byte) bytes.length);
        hash.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- destination ---

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
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
            int hops = 0;
            while (!last && Files.isSymbolicLink(next) && hops++ < MAX_LINKS) {
                try {
                    Path target = Files.readSymbolicLink(next);
                    next = target.isAbsolute() ? inRoot(root, target.toString())
                            : inRoot(root, "/" + root.relativize(current.resolve(target).normalize()));
                    if (!next.startsWith(root)) {
                        next = root;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            current = next;
        }
        return current;
    }

    private void createParents(Path root, Path target) throws IOException {
        Path parent = target.getParent();
        List<Path> missing = new ArrayList<>();
        while (parent != null && parent.startsWith(root) && !Files.exists(parent)) {
            missing.add(0, parent);
            parent = parent.getParent();
        }
        for (Path dir : missing) {
            mkdirs(dir);
        }
    }

    private void mkdirs(Path dir) throws IOException {
        Files.createDirectories(dir);
        applyMode(dir, 0755);
    }

    private void copyContents(Path sourceDir, Path targetDir, Owner owner, Integer mode) throws IOException {
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(sourceDir)) {
                    continue;
                }
                Path target = targetDir.resolve(sourceDir.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                    applyMode(target, mode != null ? mode : modeOf(p));
                    owner.applyFrom(p, target);
                    Files.setLastModifiedTime(target, Files.getLastModifiedTime(p));
                } else {
                    copyOne(p, target, owner, mode);
                }
            }
        }
    }

    private void copyOne(Path source, Path target, Owner owner, Integer mode) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            target = target.resolve(source.getFileName().toString());
        }
        Files.deleteIfExists(target);
        if (Files.isSymbolicLink(source)) {
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            owner.applyFrom(source, target);
            return;
        }
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        applyMode(target, mode != null ? mode : modeOf(source));
        owner.applyFrom(source, target);
        Files.setLastModifiedTime(target, FileTime.from(Files.getLastModifiedTime(source).toInstant()));
    }

    private static int modeOf(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) mode) & 07777;
    }

    private static void applyMode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    // --- owners ---

    private Owner owner(Path root, FilesystemStep.Copy copy, boolean fromContext) {
        if (copy.chown().isPresent()) {
            return new Owner(this.root, OwnerNames.resolve(root, copy.chown().get()), false);
        }
        return new Owner(this.root, fromContext ? new long[] {0, 0} : null, !fromContext);
    }

    /**
     * Who copied files belong to: fixed ids, or (for --from without --chown) the source's.
     * Without root the owner is recorded for the layer writer instead (see RootlessOwnership);
     * a source's recorded owner travels with its extended attributes.
     */
    private record Owner(boolean canChown, long[] ids, boolean keepSource) {
        void apply(Path target) throws IOException {
            if (ids == null) {
                return;
            }
            if (canChown) {
                chown(target, ids[0], ids[1]);
            } else if (ids[0] != 0 || ids[1] != 0) {
                RootlessOwnership.record(target, ids[0], ids[1]);
            }
        }

        void applyFrom(Path source, Path target) throws IOException {
            if (!canChown && keepSource) {
                return;
            }
            if (keepSource) {
                chown(target, ((Number) Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue(),
                        ((Number) Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue());
            } else {
                apply(target);
            }
        }

        private static void chown(Path target, long uid, long gid) throws IOException {
            Files.setAttribute(target, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

}
