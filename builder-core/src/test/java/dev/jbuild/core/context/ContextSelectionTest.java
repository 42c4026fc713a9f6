package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.DeepTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextSelectionTest {

    @TempDir
    Path temp;

    private Path context;

    @BeforeEach
    void makeContext() throws IOException {
        context = Files.createDirectories(temp.resolve("context"));
        write("Dockerfile", "FROM scratch\n");
        write("a.txt", "a");
        write("b.txt", "b");
        write("c.md", "c");
        write("src/main/App.java", "class App {}");
        write("src/main/Util.java", "class Util {}");
        write("src/test/AppTest.java", "class AppTest {}");
        write("docs/readme.md", "docs");
    }

    private void write(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private ContextSelection select(String... sources) {
        return BuildContext.ofDirectory(context, null).select(List.of(sources), List.of());
    }

    private static List<String> paths(ContextSelection selection) {
        return selection.sources().stream().map(SelectedSource::path).toList();
    }

    @Test
    void wildcardMatchesNamesInOrder() {
        assertEquals(List.of("a.txt", "b.txt"), paths(select("*.txt")));
        assertEquals(List.of("a.txt", "b.txt", "c.md"), paths(select("?.*")));
        assertEquals(List.of("src/main/App.java", "src/test/AppTest.java"), paths(select("src/*/App*.java")));
    }

    @Test
    void wildcardMatchingADirectoryDoesNotLookInside() {
        ContextSelection selection = select("s*");
        assertEquals(List.of("src"), paths(selection));
        assertEquals(EntryType.DIRECTORY, selection.sources().get(0).type());
    }

    @Test
    void wildcardStarDoesNotCrossDirectories() {
        assertEquals(List.of("src/main", "src/test"), paths(select("src/*")));
    }

    @Test
    void leadingSlashAndDotsAreCleanedAway() {
        assertEquals(List.of("a.txt"), paths(select("/a.txt")));
        assertEquals(List.of("a.txt"), paths(select("./src/../a.txt")));
        assertEquals(List.of("src"), paths(select("src/")));
        assertEquals(List.of("."), paths(select(".")));
    }

    @Test
    void missingSourceFailsWithItsPath() {
        SourceNotFoundException e = assertThrows(SourceNotFoundException.class, () -> select("a.txt", "missing.txt"));
        assertEquals("\"/missing.txt\": not found", e.getMessage());
        assertEquals("missing.txt", e.path());
    }

    @Test
    void wildcardMayMatchNothingWhenAnotherSourceMatches() {
        assertEquals(List.of("a.txt"), paths(select("a.txt", "yarn.lock*")));
    }

    @Test
    void wildcardsMatchingNothingAtAllSelectNothingAsBuildKitAllowsEmptyWildcards() {
        assertEquals(List.of(), paths(select("*.lock", "nope/*")));
    }

    @Test
    void pathsOutsideTheContextAreForbidden() {
        BuildContextException e = assertThrows(BuildContextException.class, () -> select("../secret"));
        assertEquals("forbidden path outside the build context: ../secret", e.getMessage());
        assertThrows(BuildContextException.class, () -> select("src/../../x"));
    }

    @Test
    void symlinkSourceIsFollowedInsideTheContext() throws IOException {
        Files.createSymbolicLink(context.resolve("link.txt"), Path.of("a.txt"));
        Files.createSymbolicLink(context.resolve("abs"), Path.of("/src/main"));
        SelectedSource link = select("link.txt").sources().get(0);
        assertEquals("link.txt", link.matchedPath());
        assertEquals("a.txt", link.path());
        assertEquals("link.txt", link.name());
        assertEquals(EntryType.FILE, link.type());
        SelectedSource abs = select("abs").sources().get(0);
        assertEquals("src/main", abs.path(), "an absolute link resolves inside the context, not on the host");
    }

    @Test
    void symlinkToAHostPathDoesNotReachTheHost() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host data");
        Files.createSymbolicLink(context.resolve("steal"), outside.resolve("secret"));
        assertThrows(SourceNotFoundException.class, () -> select("steal"));
    }

    @Test
    void danglingLinkMatchedByAWildcardFails() throws IOException {
        Files.createSymbolicLink(context.resolve("z.txt"), Path.of("gone.txt"));
        assertThrows(SourceNotFoundException.class, () -> select("*.txt"));
    }

    @Test
    void ignoredSourceIsNotFound() throws IOException {
        write(".dockerignore", "*.md\nsrc/test\n");
        SourceNotFoundException e = assertThrows(SourceNotFoundException.class, () -> select("c.md"));
        assertEquals("\"/c.md\": not found (excluded by .dockerignore)", e.getMessage());
        assertThrows(SourceNotFoundException.class, () -> select("src/test/AppTest.java"));
        assertEquals(List.of("src/main"), paths(select("src/*")));
        assertEquals(List.of(".dockerignore", "a.txt", "b.txt"), paths(select("*.*")));
    }

    @Test
    void excludedDirectoryWithAnExceptionShowsOnlyWhatWasReincluded() throws IOException {
        write(".dockerignore", "src\n!src/main/App.java\n");
        SelectedSource src = select("src").sources().get(0);
        assertEquals(List.of("main"), names(src, "src"));
        assertEquals(List.of("App.java"), names(src, "src/main"));
        assertThrows(SourceNotFoundException.class, () -> select("src/test"));
    }

    @Test
    void copyExcludesApplyBelowEachSelectedDirectory() throws IOException {
        ContextSelection selection = BuildContext.ofDirectory(context, null)
                .select(List.of("src"), List.of("**/Util.java", "test"));
        SelectedSource src = selection.sources().get(0);
        assertEquals(List.of("main"), names(src, "src"));
        assertEquals(List.of("App.java"), names(src, "src/main"));
    }

    @Test
    void linksInsideASelectedDirectoryAreNotFollowed() throws IOException {
        Files.createSymbolicLink(context.resolve("src/main/link"), Path.of("../../a.txt"));
        SelectedSource src = select("src").sources().get(0);
        assertEquals(EntryType.SYMLINK, src.tree().entry("src/main/link").type());
    }

    private static List<String> names(SelectedSource source, String directory) throws IOException {
        return new ArrayList<>(source.children(directory));
    }

    @Test
    void anIgnoredDirectoryIsSearchedForReincludedPathsAtAnyDepth() throws Exception {
        DeepTree.create(context.resolve("deep"), DeepTree.COSTLY_DEPTH, "bottom");
        DeepTree.create(context.resolve("hidden"), DeepTree.COSTLY_DEPTH, "bottom");
        Files.writeString(context.resolve(".dockerignore"), "deep\n!deep/**/deepest\nhidden\n!hidden/**/absent\n");
        try {
            assertEquals(List.of("deep"), DeepTree.onSmallStack(() -> paths(select("deep"))));
            assertThrows(SourceNotFoundException.class, () -> DeepTree.onSmallStack(() -> select("hidden")));
        } finally {
            DeepTree.remove(context.resolve("deep"));
            DeepTree.remove(context.resolve("hidden"));
        }
    }

    @Test
    void aWildcardSearchGoesAsDeepAsItsPattern() throws Exception {
        DeepTree.create(context.resolve("deep"), 600, "bottom");
        String pattern = "deep/" + "*/".repeat(600) + "deepest";
        try {
            assertEquals(List.of("deep/" + DeepTree.deepestFile(600)),
                    DeepTree.onSmallStack(() -> paths(select(pattern))));
        } finally {
            DeepTree.remove(context.resolve("deep"));
        }
    }
}
