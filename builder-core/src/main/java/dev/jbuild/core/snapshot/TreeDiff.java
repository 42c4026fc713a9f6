package dev.jbuild.core.snapshot;

import dev.jbuild.core.fs.DepthFirst;
import dev.jbuild.core.layer.LayerChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds what changed between a parent root ({@code lower}, null for scratch) and a copy of
 * it a step has modified ({@code upper}) by walking both trees side by side and comparing
 * metadata; file content is read only when metadata cannot tell.
 *
 * <p>Untouched inodes first. The kernel sets an inode's ctime on every write, chmod, chown,
 * utimes, xattr change, rename and link, and nothing can set it back; a directory's, also
 * whenever an entry is added, removed or renamed in it. So an upper inode whose ctime is
 * older than the moment the copy was finished ({@code untouchedBefore}, read from the same
 * file system clock) is exactly as the copy left it: a file is unchanged without looking
 * at its parent, and a directory has the parent's names, so only its subdirectories need a
 * look. That makes a diff one {@code lstat} per upper path plus the work on what the step
 * touched. It assumes the wall clock was not stepped back during the step, which the
 * caller checks by reading the clock again (see {@link NativeSnapshot}).
 *
 * <p>Touched paths. A path only in upper is ADDED, only in lower DELETED (a deleted
 * directory once, not its contents). A path in both is MODIFIED when its type, mode, owner
 * or image extended attributes differ, and for non-directories also its size, nanosecond
 * mtime, device number or symlink target (see {@link FileState#sameStat}). When all that
 * is equal for a regular file whose two mtimes both have no sub-second part, the content
 * may still differ: tar keeps whole seconds, so every file from a layer has such an mtime,
 * and a tool that restores mtimes at second precision could hide a same-size rewrite.
 * BuildKit's differ compares the bytes then, and so does this one.
 *
 * <p>Shapes. A directory replaced by something else is one MODIFIED entry (applying it
 * removes the old subtree); something replaced by a directory is MODIFIED with its contents
 * ADDED. A directory that lost all of its entries, two or more, becomes OPAQUE_DIRECTORY
 * with its new contents ADDED: one marker instead of a whiteout each, which is what Docker
 * writes for {@code rm -rf d && mkdir d}. The root itself is never a change.
 */
final class TreeDiff {

    /**
     * The changes; the paths of every file in upper with more than one link, grouped by
     * inode; and the mount stubs left out of the changes, innermost first.
     */
    record Result(List<LayerChange> changes, List<List<String>> hardlinkGroups, List<String> ignoredStubs) {
        Result {
            changes = List.copyOf(changes);
            hardlinkGroups = List.copyOf(hardlinkGroups);
            ignoredStubs = List.copyOf(ignoredStubs);
        }
    }

    private final long untouchedBefore;
    private final DiffRecord record;

    private TreeDiff(long untouchedBefore, Set<String> mountStubs) {
        this.untouchedBefore = untouchedBefore;
        this.record = new DiffRecord(mountStubs);
    }

    /**
     * Compares {@code upper} with {@code lower}; {@code untouchedBefore} is a ctime in epoch
     * nanoseconds read from upper's file system right after upper was copied, or
     * {@link Long#MIN_VALUE} to trust no ctime and compare everything.
     */
    static Result compare(Path lower, Path upper, long untouchedBefore, Set<String> mountStubs) {
        Objects.requireNonNull(upper, "upper");
        TreeDiff diff = new TreeDiff(untouchedBefore, mountStubs);
        try {
            FileState root = FileState.read(upper);
            DepthFirst.run(next -> diff.compareDirectories("", lower, upper, root, false, next));
        } catch (IOException | UncheckedIOException e) {
            throw new SnapshotException("could not compare " + upper + " with its parent " + lower + ": "
                    + e.getMessage(), e);
        }
        return diff.record.result();
    }

    /** A mount stub path as the changes spell paths: relative to the root, no {@code .} or empty parts. */
    static String relative(String stub) {
        List<String> parts = new ArrayList<>();
        for (String part : stub.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("mount stub path '" + stub + "' has a '..' component");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private boolean untouched(FileState upperState) {
        return upperState.ctimeNanos() < untouchedBefore;
    }

    /**
     * Both directories exist ({@code lowerDir} is null for scratch; {@code path} is empty for
     * the root); {@code changed} says whether the directory's own metadata differs. What lies
     * below is scheduled on {@code next}, in path order.
     */
    private void compareDirectories(String path, Path lowerDir, Path upperDir, FileState upperState, boolean changed,
            List<DepthFirst.Step> next) throws IOException {
        List<String> upperNames = sortedNames(upperDir);
        if (lowerDir != null && untouched(upperState)) {
            for (String name : upperNames) {
                scheduleComparison(child(path, name), lowerDir.resolve(name), upperDir.resolve(name), next);
            }
            return;
        }
        List<String> lowerNames = lowerDir == null ? List.of() : sortedNames(lowerDir);
        if (!path.isEmpty() && lowerNames.size() >= 2 && Collections.disjoint(lowerNames, upperNames)) {
            record.changes.add(LayerChange.opaqueDirectory(path));
            for (String name : upperNames) {
                record.addTree(child(path, name), upperDir.resolve(name), DiffRecord.Hidden.NOTHING, next);
            }
            return;
        }
        if (changed) {
            record.changes.add(LayerChange.modified(path));
        }
        int i = 0;
        int j = 0;
        while (i < lowerNames.size() || j < upperNames.size()) {
            int order = i == lowerNames.size() ? 1 : j == upperNames.size() ? -1
                    : lowerNames.get(i).compareTo(upperNames.get(j));
            if (order < 0) {
                LayerChange deleted = LayerChange.deleted(child(path, lowerNames.get(i++)));
                next.add(more -> record.changes.add(deleted));
            } else if (order > 0) {
                String name = upperNames.get(j++);
                record.addTree(child(path, name), upperDir.resolve(name), DiffRecord.Hidden.NOTHING, next);
            } else {
                String name = lowerNames.get(i++);
                j++;
                scheduleComparison(child(path, name), lowerDir.resolve(name), upperDir.resolve(name), next);
            }
        }
    }

    /** Schedules the comparison of a path both trees have. */
    private void scheduleComparison(String path, Path lowerPath, Path upperPath, List<DepthFirst.Step> next) {
        next.add(more -> compareEntries(path, lowerPath, upperPath, more));
    }

    /** A path both trees have. */
    private void compareEntries(String path, Path lowerPath, Path upperPath, List<DepthFirst.Step> next)
            throws IOException {
        FileState after = FileState.read(upperPath);
        record.noteLinks(path, after);
        if (untouched(after)) {
            if (after.isDirectory()) {
                compareDirectories(path, lowerPath, upperPath, after, false, next);
            }
            return;
        }
        FileState before = FileState.read(lowerPath);
        if (before.isDirectory() && after.isDirectory()) {
            compareDirectories(path, lowerPath, upperPath, after, !sameMetadata(before, after, lowerPath, upperPath),
                    next);
            return;
        }
        if (after.isDirectory()) {
            record.changes.add(LayerChange.modified(path));
            for (String name : sortedNames(upperPath)) {
                record.addTree(child(path, name), upperPath.resolve(name), DiffRecord.Hidden.NOTHING, next);
            }
            return;
        }
        if (before.isDirectory() || !sameMetadata(before, after, lowerPath, upperPath)
                || !sameContent(before, after, lowerPath, upperPath)) {
            record.changes.add(LayerChange.modified(path));
        }
    }

    static boolean sameMetadata(FileState before, FileState after, Path lowerPath, Path upperPath)
            throws IOException {
        if (!before.sameStat(after)) {
            return false;
        }
        if (after.kind() == FileState.Kind.SYMLINK
                && !Files.readSymbolicLink(lowerPath).equals(Files.readSymbolicLink(upperPath))) {
            return false;
        }
        return FileState.sameXattrs(FileState.imageXattrs(lowerPath), FileState.imageXattrs(upperPath));
    }

    /** Equal metadata leaves the bytes in doubt only after whole-second mtimes (see the class comment). */
    static boolean sameContent(FileState before, FileState after, Path lowerPath, Path upperPath)
            throws IOException {
        if (after.kind() != FileState.Kind.FILE || after.size() == 0 || !before.wholeSecondMtime()
                || !after.wholeSecondMtime()) {
            return true;
        }
        return Files.mismatch(lowerPath, upperPath) == -1;
    }

    static List<String> sortedNames(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
