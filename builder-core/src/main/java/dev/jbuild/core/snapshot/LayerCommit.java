package dev.jbuild.core.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.NamespaceCommand;
import dev.jbuild.core.fs.AccessDenial;
import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.layer.LayerWriter;
import dev.jbuild.core.layer.OwnerMapping;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 */
final class LayerCommit {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** The child's request: the job, the blob store and the layer options but their owner mapping. */
    record ChildRequest(Job job, Path blobs, Compression compression, String sourceDateEpoch, int threads) {
    }

    /** The child's answer: the layer it stored. */
    record ChildResult(String digest, String diffId, long size, String mediaType) {
    }

    private LayerCommit() {
    }

    /** Commits {@code job}'s tree, in the build's user namespace when this JVM may not read all of it. */
    static LayerBlob commit(Job job, LayerWriter.Options options, BlobStore blobs) {
        try {
            return commitHere(job, options, blobs);
        } catch (SnapshotException e) {
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
            SnapshotException denied) {
        ChildRequest request = new ChildRequest(job, blobs.root(), options.compression(),
                options.sourceDateEpoch() == null ? null : options.sourceDateEpoch().toString(), options.threads());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(), LayerCommit.class.getName()));
        try {
            command.add(JSON.writeValueAsString(request));
            String answer = NamespaceCommand.system().run(command, CHILD_LIMIT);
            ChildResult result = JSON.readValue(answer.strip(), ChildResult.class);
            return new LayerBlob(Digest.parse(result.digest()), Digest.parse(result.diffId()), result.size(),
                    result.mediaType());
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
        for (Class<?> anchor : List.of(LayerCommit.class, BlobStore.class, ObjectMapper.class,
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

    /** The child side: commits the job given as JSON, printing the layer as JSON; exit 1 with the reason on failure. */
    public static void main(String[] args) {
        try {
            ChildRequest request = JSON.readValue(args[0], ChildRequest.class);
            LayerWriter.Options options = new LayerWriter.Options(request.compression(),
                    request.sourceDateEpoch() == null ? null : Instant.parse(request.sourceDateEpoch()),
                    request.threads(), OwnerMapping.IDENTITY);
            LayerBlob layer = commitHere(request.job(), options, new BlobStore(request.blobs()));
            System.out.write(JSON.writeValueAsString(new ChildResult(layer.digest().toString(),
                    layer.diffId().toString(), layer.size(), layer.mediaType())).getBytes(StandardCharsets.UTF_8));
            System.out.flush();
        } catch (IOException | RuntimeException e) {
            System.err.println("jbuild layer commit in the user namespace: " + e);
            System.exit(1);
        }
    }
}
