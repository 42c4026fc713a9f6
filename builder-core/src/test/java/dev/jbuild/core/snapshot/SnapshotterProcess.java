package dev.jbuild.core.snapshot;

import dev.jbuild.cache.blob.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Another process using the same work directory, for the tests of what a snapshotter may
 * remove: {@code hold WORK BLOBS} prepares a snapshot, prints its root and keeps it until
 * stdin ends (or the process is killed); {@code cleanup WORK BLOBS} prints what
 * {@link Snapshotter#cleanupAbandoned} removed.
 */
final class SnapshotterProcess {

    private SnapshotterProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (NativeSnapshotter snapshotter = new NativeSnapshotter(Path.of(args[1]), new BlobStore(Path.of(args[2])))) {
            if (args[0].equals("cleanup")) {
                System.out.println(snapshotter.cleanupAbandoned());
                return;
            }
            MutableSnapshot snapshot = snapshotter.prepare(List.of());
            Files.writeString(snapshot.root().resolve("in-progress"), "work of a live process");
            System.out.println(snapshot.root());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Starts {@code main} in a new JVM with this test's class path. */
    static Process start(String mode, Path work, Path blobs) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SnapshotterProcess.class.getName(), mode, work.toString(), blobs.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
