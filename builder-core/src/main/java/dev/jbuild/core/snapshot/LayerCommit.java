package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.OverlayStack;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.NamespaceCommand;
import dev.jbuild.core.fs.AccessDenial;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerException;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.layer.OwnerMapping;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Commits a step's tree: finds its changes ({@link TreeDiff} for a native copy,
 * {@link OverlayDiff} for an overlay upper directory), writes them as a layer into the blob
 * store and removes the mount stubs the layer left out. This JVM does it when it can read the
 * tree; a tree a rootless step left with modes the bare host user may not pass (a 0700
 * directory of container uid 1000, a 0000 file) is committed again by a child JVM, same java
 * and class path, as root of the build's user namespace ({@link NamespaceCommand}). There it
 * reads every file and sees owners as container ids already, so its layer records them through
 * the identity mapping and is byte for byte the one this JVM would have written.
 *
 * <p>The fallback costs a JVM start: measured on this project's 2-core machine (shared, load
 * 5), a busybox step committed in the namespace took 0.6 to 1.0 s more than one committed here
 * (overlay 1.4 s against 0.5 s; on native also every later step of that stage, whose diff must
 * enter the locked directory, 1.2 s against 0.55 s). Only steps that leave such trees pay it.
 */
final class LayerCommit {

    private static final String NONE = "-";
    private static final Duration CHILD_LIMIT = Duration.ofHours(2);

    /**
     * What to compare: {@code upper} against {@code lower} (null for scratch) for a native copy
     * whose inodes are untouched before {@code untouchedBefore}, or against {@code lowerStack}
     * (topmost first) for an overlay upper directory.
     */
    record Job(boolean overlay, Path lower, List<Path> lowerStack, Path upper, long untouchedBefore,
            Set<String> mountStubs) {
        Job {
            Objects.requireNonNull(upper, "upper");
            lowerStack = List.copyOf(lowerStack);
            mountStubs = Set.copyOf(mountStubs);
        }

        static Job nativeCopy(Path lower, Path upper, long untouchedBefore, Set<String> mountStubs) {
            return new Job(false, lower, List.of(), upper, untouchedBefore, mountStubs);
        }

        static Job overlayUpper(OverlayStack lowers, Path upper, Set<String> mountStubs) {
            return new Job(true, null, lowers.directories(), upper, Long.MIN_VALUE, mountStubs);
        }
    }

    private LayerCommit() {
    }

    /** Commits {@code job}'s tree, in the build's user namespace when this JVM may not read all of it. */
    static LayerBlob commit(Job job, LayerWriter.Options options, BlobStore blobs) {
        try {
            return commitHere(job, options, blobs);
        } catch (SnapshotException | LayerException e) {
            if (!AccessDenial.isCause(e) || HostProbe.system().identity().root()) {
                throw e;
            }
            return commitInNamespace(job, options, blobs, e);
        }
    }

    static LayerBlob commitHere(Job job, LayerWriter.Options options, BlobStore blobs) {
        TreeDiff.Result diff = job.overlay()
                ? OverlayDiff.compare(new OverlayStack(job.lowerStack()), job.upper(), job.mountStubs())
                : TreeDiff.compare(job.lower(), job.upper(), job.untouchedBefore(), job.mountStubs());
        LayerBlob layer = LayerEntries.store(diff, job.upper(), options, blobs);
        // The stored tree must hold what its layer holds, so stubs the layer left out go (innermost first).
        for (String stub : diff.ignoredStubs()) {
            try {
                Files.delete(job.upper().resolve(stub));
            } catch (IOException e) {
                throw new SnapshotException("could not remove mount stub /" + stub + " from " + job.upper()
                        + " after writing layer " + layer.diffId() + ": " + e.getMessage(), e);
            }
        }
        return layer;
    }

    private static LayerBlob commitInNamespace(Job job, LayerWriter.Options options, BlobStore blobs,
            RuntimeException denied) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(), LayerCommit.class.getName()));
        command.addAll(arguments(job, options, blobs));
        try {
            String[] answer = NamespaceCommand.system().run(command, CHILD_LIMIT).strip().split(" ");
            if (answer.length != 4) {
                throw new IOException("unexpected answer from the child: " + String.join(" ", answer));
            }
            return new LayerBlob(Digest.parse(answer[0]), Digest.parse(answer[1]), Long.parseLong(answer[2]), answer[3]);
        } catch (IOException | RuntimeException e) {
            denied.addSuppressed(e);
            throw denied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while committing " + job.upper() + " in the build's user namespace",
                    e);
        }
    }

    /**
     * The child's arguments, plain words since JSON would cost the child a library's start:
     * blobs, compression, epoch or -, threads, overlay, upper, lower or -, untouched-before,
     * the number of mount stubs, the stubs, then the lower stack.
     */
    static List<String> arguments(Job job, LayerWriter.Options options, BlobStore blobs) {
        List<String> args = new ArrayList<>(List.of(blobs.root().toString(), options.compression().name(),
                options.sourceDateEpoch() == null ? NONE : options.sourceDateEpoch().toString(),
                Integer.toString(options.threads()), Boolean.toString(job.overlay()), job.upper().toString(),
                job.lower() == null ? NONE : job.lower().toString(), Long.toString(job.untouchedBefore()),
                Integer.toString(job.mountStubs().size())));
        args.addAll(job.mountStubs());
        job.lowerStack().forEach(lower -> args.add(lower.toString()));
        return args;
    }

    /**
     * This JVM's class path as a child needs it: the launcher's, and the jars of every URL class
     * loader that loaded this class (a Maven plugin's realm, whose jars the launcher's lacks).
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = LayerCommit.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    addFile(entries, url);
                }
            }
        }
        for (Class<?> anchor : List.of(LayerCommit.class, BlobStore.class,
                com.sun.jna.Native.class)) {
            addFile(entries, anchor.getProtectionDomain().getCodeSource().getLocation());
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void addFile(Set<String> entries, URL url) {
        if (url == null || !"file".equals(url.getProtocol())) {
            return;
        }
        try {
            entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a plain file; the launcher's class path may still hold what it names.
        }
    }

    /** The child side: commits the job its arguments describe and prints the layer; exit 1 with the reason on failure. */
    public static void main(String[] args) {
        try {
            int stubs = Integer.parseInt(args[8]);
            Job job = new Job(Boolean.parseBoolean(args[4]), args[6].equals(NONE) ? null : Path.of(args[6]),
                    Arrays.stream(args, 9 + stubs, args.length).map(Path::of).toList(), Path.of(args[5]),
                    Long.parseLong(args[7]), Set.of(Arrays.copyOfRange(args, 9, 9 + stubs)));
            LayerWriter.Options options = new LayerWriter.Options(Compression.valueOf(args[1]),
                    args[2].equals(NONE) ? null : Instant.parse(args[2]), Integer.parseInt(args[3]), OwnerMapping.IDENTITY);
            LayerBlob layer = commitHere(job, options, new BlobStore(Path.of(args[0])));
            System.out.println(layer.digest() + " " + layer.diffId() + " " + layer.size() + " " + layer.mediaType());
        } catch (RuntimeException e) {
            System.err.println("jbuild layer commit in the user namespace: " + e);
            System.exit(1);
        }
    }
}
