package dev.jbuild.core.snapshot;

import dev.jbuild.core.exec.HostProbe;
import dev.jbuild.core.exec.NamespaceCommand;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.NativeFileException;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.layer.RootlessOwnership;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * Turns the owners a rootless layer apply could only record ({@link RootlessOwnership}) into
 * real ones, so a RUN step over the tree sees the owners the image declares: {@code /etc/shadow}
 * of group {@code shadow}, a service user's 0700 directory. Without this a step sees every such
 * file as root's and a program that rewrites one (useradd rewriting {@code /etc/shadow}) gives the
 * new file root's group. A child JVM, as root of the build's user namespace
 * ({@link NamespaceCommand}), walks the tree, gives each recorded file its owner through the
 * subordinate ids, restores the mode chown cleared (setuid, setgid) and drops the record; a file
 * whose owner no id of the mapping stands for keeps its record, as before.
 *
 * <p>Only trees RUN steps mount need it (overlay lower directories): the trees COPY writes in stay
 * the host user's, with records. The child costs a JVM start per layer with such owners, once per
 * data directory.
 */
final class RecordedOwners {

    private static final Duration CHILD_LIMIT = Duration.ofHours(1);

    private RecordedOwners() {
    }

    /** Gives the files under {@code root} their recorded owners, when this user has subordinate ids to give. */
    static void realise(Path root) {
        HostProbe host = HostProbe.system();
        if (host.identity().root() || host.namespaceMapping().singleId()) {
            return;
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", LayerCommit.classPath(),
                RecordedOwners.class.getName(), root.toString());
        try {
            NamespaceCommand.system().run(command, CHILD_LIMIT);
        } catch (IOException e) {
            throw new SnapshotException("could not give the files of " + root + " their owners in the build's user"
                    + " namespace: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while giving the files of " + root + " their owners", e);
        }
    }

    /** The child side: realises the records under the root its argument names; exit 1 with the reason on failure. */
    public static void main(String[] args) {
        try {
            long[] counts = new long[2];
            Files.walkFileTree(Path.of(args[0]), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    counts[realiseOne(dir) ? 0 : 1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isSymbolicLink()) {
                        counts[realiseOne(file) ? 0 : 1]++;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            System.out.println(counts[0] + " owners given, " + counts[1] + " kept as records");
        } catch (IOException | RuntimeException e) {
            System.err.println("jbuild owners in the user namespace: " + e);
            System.exit(1);
        }
    }

    /** False only for a record that stays because chown refused its ids. */
    private static boolean realiseOne(Path file) throws IOException {
        byte[] record = ExtendedAttributes.get(file, RootlessOwnership.XATTR);
        RootlessOwnership owner = record == null ? null : RootlessOwnership.decode(record);
        if (owner == null) {
            return true;
        }
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        try {
            PosixAttributes.lchown(file, owner.uid(), owner.gid());
        } catch (NativeFileException e) {
            return false; // an id outside the mapping: the record still says what the image declared
        }
        PosixAttributes.chmod(file, mode);
        ExtendedAttributes.remove(file, RootlessOwnership.XATTR);
        return true;
    }
}
