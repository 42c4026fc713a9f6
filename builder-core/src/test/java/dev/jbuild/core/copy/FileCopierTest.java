package dev.jbuild.core.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbuild.core.context.BuildContext;
import dev.jbuild.core.context.ContextSelection;
import dev.jbuild.core.layer.RootlessOwnership;
import dev.jbuild.core.context.SourceTree;
import dev.jbuild.core.fs.ExtendedAttributes;
import dev.jbuild.core.fs.NativeFileException;
import dev.jbuild.core.fs.PosixAttributes;
import dev.jbuild.core.testing.Command;
import dev.jbuild.core.testing.DeepTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCopierTest {

    private static final long MTIME = 1_000_000_000L; // 2001-09-09

    @TempDir
    Path temp;

    private Path context;
    private Path root;

    @BeforeEach
    void makeContextAndRoot() throws IOException {
        context = Files.createDirectories(temp.resolve("context"));
        root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        write(context, "a.txt", "a", 0644);
        write(context, "b.txt", "bb", 0600);
        write(context, "run.sh", "#!/bin/sh\n", 0755);
        write(context, "app/main.go", "package main", 0644);
        write(context, "app/lib/util.go", "package lib", 0640);
        PosixAttributes.chmod(context.resolve("app/lib"), 0750);
        Files.createSymbolicLink(context.resolve("app/current"), Path.of("lib/util.go"));
        Files.createSymbolicLink(context.resolve("a-link"), Path.of("a.txt"));
        for (String path : List.of("a.txt", "b.txt", "run.sh", "app/main.go", "app/lib/util.go", "app/lib", "app")) {
            PosixAttributes.setMtime(context.resolve(path), MTIME);
        }
    }

    private static void write(Path base, String path, String content, int mode) throws IOException {
        Path file = base.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        PosixAttributes.chmod(file, mode);
    }

    private ContextSelection select(String... sources) {
        return BuildContext.ofDirectory(context, null).select(List.of(sources), List.of());
    }

    private CopyResult copy(String destination, String... sources) {
        return copy(new CopyOperation(select(sources), destination, Optional.empty(), OptionalInt.empty(), false));
    }

    private CopyResult copy(CopyOperation operation) {
        return new FileCopier().copy(operation, root);
    }

    private String read(String path) throws IOException {
        return Files.readString(root.resolve(path));
    }

    private int mode(String path) throws IOException {
        return (Integer) Files.getAttribute(root.resolve(path), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private long[] owner(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        return new long[] {(Integer) a.get("uid"), (Integer) a.get("gid")};
    }

    private static boolean runningAsRoot() {
        return FileCopier.Options.forCurrentProcess().applyOwnership();
    }

    @Test
    void copyFollowsDockerDirectoryRules() throws IOException {
        // A file to a path without a slash is that file; with a slash, it goes inside.
        copy("/opt/renamed.txt", "a.txt");
        assertEquals("a", read("opt/renamed.txt"));
        copy("/opt/dir/", "a.txt");
        assertEquals("a", read("opt/dir/a.txt"));
        // Into an existing directory even without the slash.
        copy("/opt/dir", "b.txt");
        assertEquals("bb", read("opt/dir/b.txt"));
        // A directory source copies its contents, not itself, and merges.
        copy("/srv", "app");
        assertEquals("package main", read("srv/main.go"));
        assertEquals("package lib", read("srv/lib/util.go"));
        assertFalse(Files.exists(root.resolve("srv/app")));
        copy("/srv/", "a.txt", "b.txt");
        assertEquals(List.of("a.txt", "b.txt", "current", "lib", "main.go"), list("srv"));
        // Wildcards.
        copy("/wild/", "*.txt");
        assertEquals(List.of("a.txt", "b.txt"), list("wild"));
        // Several sources need a directory destination.
        CopyException e = assertThrows(CopyException.class, () -> copy("/single", "a.txt", "b.txt"));
        assertEquals("When using COPY with more than one source file, the destination must be a directory and end with a /",
                e.getMessage());
        assertThrows(CopyException.class, () -> copy("/single", "*.txt"));
        // An existing file is replaced.
        copy("/opt/renamed.txt", "b.txt");
        assertEquals("bb", read("opt/renamed.txt"));
    }

    private List<String> list(String directory) throws IOException {
        try (var entries = Files.list(root.resolve(directory))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void rootDestinationTakesDirectoryContents() throws IOException {
        copy("/", "app");
        assertEquals("package main", read("main.go"));
    }

    @Test
    void symlinkSourceIsFollowedAndNamedAsWritten() throws IOException {
        copy("/dest/", "a-link");
        Path copied = root.resolve("dest/a-link");
        assertFalse(Files.isSymbolicLink(copied));
        assertEquals("a", Files.readString(copied));
    }

    @Test
    void linksInsideDirectoriesStayLinks() throws IOException {
        copy("/srv/", "app");
        Path link = root.resolve("srv/current");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("lib/util.go"), Files.readSymbolicLink(link));
    }

    @Test
    void filesKeepModeAndTimeWithoutChmod() throws IOException {
        copy("/srv/", "run.sh", "b.txt", "app");
        assertEquals(0755, mode("srv/run.sh"));
        assertEquals(0600, mode("srv/b.txt"));
        assertEquals(0750, mode("srv/lib"));
        assertEquals(0640, mode("srv/lib/util.go"));
        assertEquals(MTIME, Files.getLastModifiedTime(root.resolve("srv/run.sh")).toMillis() / 1000);
        assertEquals(MTIME, Files.getLastModifiedTime(root.resolve("srv/lib")).toMillis() / 1000);
        assertEquals(MTIME, Files.getLastModifiedTime(root.resolve("srv")).toMillis() / 1000,
                "the destination of a directory takes the source directory's time, as in BuildKit");
    }

    @Test
    void chmodAppliesToFilesAndDirectoriesNotLinks() throws IOException {
        copy(new CopyOperation(select("app", "run.sh"), "/srv/", Optional.empty(), OptionalInt.of(0640), false));
        assertEquals(0640, mode("srv/main.go"));
        assertEquals(0640, mode("srv/run.sh"));
        assertEquals(0640, mode("srv/lib"));
        assertTrue(Files.isSymbolicLink(root.resolve("srv/current")));
        assertEquals(0755, mode("srv"), "a created destination is 0755 whatever --chmod says");
    }

    @Test
    void chownAppliesToEverythingCopiedAndToCreatedParents() throws IOException {
        assumeTrue(runningAsRoot(), "giving files to another user needs root");
        Files.createDirectories(root.resolve("opt"));
        copy(new CopyOperation(select("app"), "/opt/deep/srv", Optional.of(new FileOwner(1000, 1001)),
                OptionalInt.empty(), false));
        for (String path : List.of("opt/deep", "opt/deep/srv", "opt/deep/srv/main.go", "opt/deep/srv/lib/util.go",
                "opt/deep/srv/current")) {
            assertArrayEquals(new long[] {1000, 1001}, owner(root.resolve(path)), path);
        }
        assertArrayEquals(new long[] {0, 0}, owner(root.resolve("opt")), "an existing parent keeps its owner");
    }

    @Test
    void contextFilesBecomeRootOwned() throws IOException {
        assumeTrue(runningAsRoot(), "giving files to another user needs root");
        PosixAttributes.lchown(context.resolve("a.txt"), 1234, 1234);
        copy("/x/", "a.txt");
        assertArrayEquals(new long[] {0, 0}, owner(root.resolve("x/a.txt")));
    }

    @Test
    void copyFromAStageKeepsOwners() throws IOException {
        assumeTrue(runningAsRoot(), "giving files to another user needs root");
        Path stage = Files.createDirectories(temp.resolve("stage"));
        write(stage, "home/app/config", "cfg", 0600);
        PosixAttributes.lchown(stage.resolve("home/app/config"), 1000, 1000);
        PosixAttributes.lchown(stage.resolve("home/app"), 1000, 1000);
        ContextSelection fromStage = ContextSelection.resolve(SourceTree.stageRoot(stage), List.of("/home/app"), List.of());
        copy(new CopyOperation(fromStage, "/home/app", Optional.empty(), OptionalInt.empty(), false));
        assertArrayEquals(new long[] {1000, 1000}, owner(root.resolve("home/app/config")));
        assertArrayEquals(new long[] {0, 0}, owner(root.resolve("home/app")), "the created destination is root's");

        ContextSelection again = ContextSelection.resolve(SourceTree.stageRoot(stage), List.of("/home/app/config"),
                List.of());
        copy(new CopyOperation(again, "/chowned", Optional.of(new FileOwner(5, 6)), OptionalInt.empty(), false));
        assertArrayEquals(new long[] {5, 6}, owner(root.resolve("chowned")));
    }

    @Test
    void withoutRootOwnersAreRecordedInAnAttribute() throws IOException {
        FileCopier rootless = new FileCopier(new FileCopier.Options(false));
        try {
            ExtendedAttributes.set(context.resolve("b.txt"), "user.probe", new byte[] {1});
        } catch (NativeFileException e) {
            assumeTrue(false, "no user extended attributes on this file system");
        }
        rootless.copy(new CopyOperation(select("app", "b.txt"), "/srv/", Optional.of(new FileOwner(1000, 1000)),
                OptionalInt.empty(), false), root);
        RootlessOwnership recorded = RootlessOwnership.decode(
                ExtendedAttributes.get(root.resolve("srv/main.go"), RootlessOwnership.XATTR));
        assertEquals(new RootlessOwnership(1000, 1000), recorded);
        assertEquals(1000, SourceTree.stageRoot(root).entry("srv/lib").uid(), "a later COPY --from reads it back");
        assertArrayEquals(new byte[] {1}, ExtendedAttributes.get(root.resolve("srv/b.txt"), "user.probe"),
                "user attributes are copied");
    }

    @Test
    void parentsAreCreated0755() throws IOException {
        copy("/usr/local/share/doc/", "b.txt");
        for (String path : List.of("usr", "usr/local", "usr/local/share", "usr/local/share/doc")) {
            assertEquals(0755, mode(path), path);
        }
        assertEquals(0600, mode("usr/local/share/doc/b.txt"));
    }

    @Test
    void destinationThroughSymlinkStaysInRoot() throws IOException {
        Path host = Files.createDirectories(temp.resolve("host-etc"));
        Files.createSymbolicLink(root.resolve("config"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("escape"), host);
        copy("/config/", "a.txt");
        assertEquals("a", read("etc/a.txt"));
        copy("/escape/", "b.txt");
        try (var entries = Files.list(host)) {
            assertEquals(0, entries.count(), "nothing may land on the host");
        }
        assertEquals("bb", read(host.toString().substring(1) + "/b.txt"));
    }

    @Test
    void existingSymlinkAtANestedTargetIsReplacedNotWrittenThrough() throws IOException {
        Path hostFile = temp.resolve("host-file");
        Files.writeString(hostFile, "host");
        Files.createDirectories(root.resolve("srv"));
        Files.createSymbolicLink(root.resolve("srv/main.go"), hostFile);
        copy("/srv/", "app");
        assertEquals("host", Files.readString(hostFile));
        assertFalse(Files.isSymbolicLink(root.resolve("srv/main.go")));
        assertEquals("package main", read("srv/main.go"));
    }

    @Test
    void aSecondCopyOfATreeReplacesWhatIsThereAtEveryDepth() throws IOException {
        copy("/srv", "app");
        Files.writeString(context.resolve("app/lib/util.go"), "package lib // changed");
        Files.writeString(root.resolve("srv/lib/extra.go"), "kept");

        copy("/srv", "app");

        assertEquals("package lib // changed", read("srv/lib/util.go"));
        assertEquals("kept", read("srv/lib/extra.go"));
        assertEquals("lib/util.go", Files.readSymbolicLink(root.resolve("srv/current")).toString());
        assertEquals(List.of("current", "lib", "main.go"), list("srv"));
    }

    @Test
    void directoryOntoFileAndFileOntoDirectoryFail() throws IOException {
        Files.writeString(root.resolve("file"), "x");
        assertThrows(CopyException.class, () -> copy("/file", "app"));
        Files.createDirectories(root.resolve("srv/main.go"));
        assertThrows(CopyException.class, () -> copy("/srv/", "app"));
    }

    @Test
    void hardlinksStayLinked() throws IOException {
        Files.createLink(context.resolve("app/hard.go"), context.resolve("app/main.go"));
        copy("/srv/", "app");
        assertEquals(Files.getAttribute(root.resolve("srv/main.go"), "unix:ino"),
                Files.getAttribute(root.resolve("srv/hard.go"), "unix:ino"));
    }

    @Test
    void ignoredFilesAreNotCopied() throws IOException {
        Files.writeString(context.resolve(".dockerignore"), "app/lib\n!app/lib/util.go\napp/main.go\n");
        write(context, "app/lib/secret.key", "k", 0600);
        copy("/srv/", "app");
        assertEquals(List.of("current", "lib"), list("srv"));
        assertEquals(List.of("util.go"), list("srv/lib"));
    }

    @Test
    void addUnpacksLocalArchivesPlainGzipBzip2XzAndZstd() throws Exception {
        Path tree = Files.createDirectories(temp.resolve("tree"));
        write(tree, "pkg/bin/tool", "#!/bin/sh\necho tool\n", 0755);
        Files.createSymbolicLink(tree.resolve("pkg/bin/alias"), Path.of("tool"));
        PosixAttributes.setMtime(tree.resolve("pkg/bin/tool"), MTIME);
        Command.of(tree, "tar", "--numeric-owner", "--owner=0", "--group=0", "-cf",
                context.resolve("pkg.tar").toString(), "pkg").run();
        Files.copy(context.resolve("pkg.tar"), context.resolve("pkg.data")); // the name does not matter
        for (String[] tool : new String[][] {{"gzip", "pkg.tar.gz"}, {"bzip2", "pkg.tar.bz2"}, {"zstd", "pkg.tar.zst"},
                {"xz", "pkg.tar.xz"}}) {
            assertTrue(Command.available(tool[0]), "this test needs the " + tool[0] + " command (Debian package "
                    + (tool[0].equals("xz") ? "xz-utils" : tool[0]) + ")");
            Command.of(context, tool[0], "-c", "pkg.tar").runTo(context.resolve(tool[1]));
        }
        for (String archive : List.of("pkg.tar", "pkg.data", "pkg.tar.gz", "pkg.tar.bz2", "pkg.tar.zst", "pkg.tar.xz")) {
            String destination = "/unpacked/" + archive.replace('.', '-');
            copy(new CopyOperation(select(archive), destination, Optional.empty(), OptionalInt.empty(), true));
            String base = destination.substring(1);
            assertEquals("#!/bin/sh\necho tool\n", read(base + "/pkg/bin/tool"), archive);
            assertEquals(0755, mode(base + "/pkg/bin/tool"), archive);
            assertEquals(MTIME, Files.getLastModifiedTime(root.resolve(base + "/pkg/bin/tool")).toMillis() / 1000);
            assertEquals(Path.of("tool"), Files.readSymbolicLink(root.resolve(base + "/pkg/bin/alias")));
        }
    }

    /** GNU tar's default format writes holes as old GNU sparse headers; BuildKit refuses those, jbuild unpacks them. */
    @Test
    void addUnpacksASparseArchiveFillingTheHoles() throws Exception {
        Path tree = Files.createDirectories(temp.resolve("sparse"));
        try (var file = new java.io.RandomAccessFile(tree.resolve("disk.img").toFile(), "rw")) {
            file.seek(1 << 20);
            file.write("middle".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            file.setLength(3 << 20);
        }
        Command.of(tree, "tar", "--sparse", "--format=gnu", "-cf", context.resolve("disk.tar").toString(), "disk.img")
                .run();
        copy(new CopyOperation(select("disk.tar"), "/img/", Optional.empty(), OptionalInt.empty(), true));
        assertArrayEquals(Files.readAllBytes(tree.resolve("disk.img")), Files.readAllBytes(root.resolve("img/disk.img")));
    }

    @Test
    void addWithChownOwnsUnpackedFiles() throws Exception {
        assumeTrue(runningAsRoot(), "giving files to another user needs root");
        Path tree = Files.createDirectories(temp.resolve("tree"));
        write(tree, "f", "x", 0644);
        Command.of(tree, "tar", "--numeric-owner", "--owner=7", "--group=8", "-cf",
                context.resolve("f.tar").toString(), "f").run();
        copy(new CopyOperation(select("f.tar"), "/kept/", Optional.empty(), OptionalInt.empty(), true));
        assertArrayEquals(new long[] {7, 8}, owner(root.resolve("kept/f")), "the archive's owners, as Docker keeps them");
        copy(new CopyOperation(select("f.tar"), "/owned/", Optional.of(new FileOwner(3, 4)), OptionalInt.empty(), true));
        assertArrayEquals(new long[] {3, 4}, owner(root.resolve("owned/f")));
    }

    @Test
    void copyOfTarIsNotExtracted() throws Exception {
        Command.of(context, "tar", "-cf", "app.tar", "app").run();
        copy("/dest/", "app.tar");
        assertTrue(Files.isRegularFile(root.resolve("dest/app.tar")));
        assertFalse(Files.exists(root.resolve("dest/app")));
    }

    @Test
    void addOfAFileThatIsNotAnArchiveCopiesIt() throws IOException {
        Files.write(context.resolve("fake.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        copy(new CopyOperation(select("fake.tar.gz", "a.txt"), "/d/", Optional.empty(), OptionalInt.empty(), true));
        assertTrue(Files.isRegularFile(root.resolve("d/fake.tar.gz")));
        assertEquals("a", read("d/a.txt"));
    }

    @Test
    void archiveEntriesCannotEscapeTheDestination() throws Exception {
        Path tree = Files.createDirectories(temp.resolve("tree/inner"));
        Files.writeString(tree.getParent().resolve("outside"), "x");
        // GNU tar keeps a leading ../ only when told to.
        Command.of(tree, "tar", "--absolute-names", "-cf", context.resolve("evil.tar").toString(), "../outside").run();
        CopyException e = assertThrows(CopyException.class,
                () -> copy(new CopyOperation(select("evil.tar"), "/d/", Optional.empty(), OptionalInt.empty(), true)));
        assertTrue(e.getMessage().contains("outside the destination"), e.getMessage());
        assertFalse(Files.exists(root.resolve("outside")));
    }

    @Test
    void archiveSymlinkCannotRedirectLaterEntriesOutOfTheRoot() throws Exception {
        Path host = Files.createDirectories(temp.resolve("host-dir"));
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("jump"), host);
        write(tree, "staging/payload", "p", 0644);
        // An archive with "jump" -> host dir, then "jump/payload".
        Command.of(tree, "tar", "-cf", context.resolve("jump.tar").toString(), "jump").run();
        Command.of(tree, "tar", "--transform", "s,^staging,jump,", "-rf", context.resolve("jump.tar").toString(),
                "staging/payload").run();
        copy(new CopyOperation(select("jump.tar"), "/d/", Optional.empty(), OptionalInt.empty(), true));
        try (var entries = Files.list(host)) {
            assertEquals(0, entries.count(), "nothing may land on the host");
        }
        assertEquals("p", read("d" + host + "/payload"));
    }

    private CopyResult copyKeepingParents(String destination, String... sources) {
        ContextSelection selection = BuildContext.ofDirectory(context, null).select(List.of(sources), List.of(), true);
        return copy(new CopyOperation(selection, destination, Optional.empty(), OptionalInt.empty(), false));
    }

    @Test
    void copyParentsKeepsEachSourcesDirectoriesUnderTheDestination() throws IOException {
        write(context, "x/a.txt", "xa", 0644);
        write(context, "y/a.txt", "ya", 0644);
        copyKeepingParents("/parents/", "./x/a.txt", "y/a.txt");
        assertEquals("xa", read("parents/x/a.txt"));
        assertEquals("ya", read("parents/y/a.txt"));
        assertEquals(List.of("x", "y"), list("parents"));
        // a directory on the way keeps its source's mode and time, as BuildKit copies its metadata
        copyKeepingParents("/kept", "app/lib/util.go");
        assertEquals("package lib", read("kept/app/lib/util.go"));
        assertEquals(List.of("lib"), list("kept/app"));
        assertEquals(0750, mode("kept/app/lib"));
        assertEquals(MTIME, Files.getLastModifiedTime(root.resolve("kept/app/lib")).toMillis() / 1000);
        // a matched directory comes whole, links kept as links
        copyKeepingParents("/whole/", "app");
        assertEquals(List.of("current", "lib", "main.go"), list("whole/app"));
        assertTrue(Files.isSymbolicLink(root.resolve("whole/app/current")));
    }

    @Test
    void copyParentsStartsWhatItKeepsAfterADotSlash() throws IOException {
        write(context, "x/y/a.txt", "a", 0644);
        write(context, "x/y/b.txt", "b", 0644);
        write(context, "x/y/c.md", "c", 0644);
        copyKeepingParents("/parents/", "./x/./y/*.txt");
        assertEquals(List.of("y"), list("parents"));
        assertEquals(List.of("a.txt", "b.txt"), list("parents/y"));
        // the first /./ is the pivot; a wildcard before it selects each directory it matches
        write(context, "a/b/c/d/e/bay", "bay", 0644);
        write(context, "a/b2/c/d/e/bar", "bar", 0644);
        write(context, "a/b2/c/f", "f", 0644);
        copyKeepingParents("/out/", "/a/b*/./c/**/e");
        assertEquals(List.of("c"), list("out"));
        assertEquals(List.of("d"), list("out/c"));
        assertEquals(List.of("bar", "bay"), list("out/c/d/e"));
        copyKeepingParents("/double/", "a/./b/./c");
        assertEquals("bay", read("double/b/c/d/e/bay"));
        // a path ending in /. has no pivot: everything is kept
        copyKeepingParents("/end/", "a/b/c/d/.");
        assertEquals("bay", read("end/a/b/c/d/e/bay"));
    }

    @Test
    void copyParentsNeedsALiteralPathToExistButNotAWildcardMatch() throws IOException {
        var e = assertThrows(dev.jbuild.core.context.SourceNotFoundException.class,
                () -> copyKeepingParents("/out/", "app/nope.go"));
        assertEquals("\"/app/nope.go\": not found", e.getMessage());
        copyKeepingParents("/empty/", "app/./nothing*");
        assertEquals(List.of(), list("empty"));
        // nothing is created on the way to a wildcard that matched nothing below it
        write(context, "w/one/c", "c", 0644);
        Files.createDirectories(context.resolve("w/two"));
        copyKeepingParents("/w/", "w/*/c");
        assertEquals(List.of("one"), list("w/w"));
    }

    @Test
    void missingSourceErrorNamesThePath() {
        var e = assertThrows(dev.jbuild.core.context.SourceNotFoundException.class, () -> copy("/x/", "nope.txt"));
        assertEquals("\"/nope.txt\": not found", e.getMessage());
    }

    @Test
    void escapeAttemptIsForbidden() {
        var e = assertThrows(dev.jbuild.core.context.BuildContextException.class, () -> copy("/x/", "../etc/passwd"));
        assertEquals("forbidden path outside the build context: ../etc/passwd", e.getMessage());
    }

    @Test
    void destinationMustBeAbsoluteAndChmodInRange() {
        ContextSelection a = select("a.txt");
        assertThrows(IllegalArgumentException.class,
                () -> new CopyOperation(a, "relative", Optional.empty(), OptionalInt.empty(), false));
        assertThrows(IllegalArgumentException.class,
                () -> new CopyOperation(a, "/x", Optional.empty(), OptionalInt.of(010000), false));
        assertThrows(IllegalArgumentException.class, () -> new FileOwner(-1, 0));
    }

    @Test
    void resultCountsWhatWasWritten() {
        CopyResult result = copy("/one", "a.txt");
        assertEquals(1, result.entries());
        assertEquals(1, result.bytes());
    }

    @Test
    void copiesATreeDeeperThanARecursiveWalkCouldGo() throws Exception {
        DeepTree.create(context.resolve("deep"), DeepTree.DEPTH, "bottom");
        try {
            CopyResult result = DeepTree.onSmallStack(() -> copy("/dst/", "deep"));
            assertEquals("bottom", read("dst/" + DeepTree.deepestFile(DeepTree.DEPTH)));
            assertEquals(DeepTree.DEPTH + 2, result.entries()); // dst, the directories, the file
        } finally {
            DeepTree.remove(context.resolve("deep"));
            DeepTree.remove(root.resolve("dst"));
        }
    }
}
