package dev.jbuild.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    @TempDir
    Path temp;

    private Path context;

    @BeforeEach
    void makeContext() throws IOException {
        context = Files.createDirectories(temp.resolve("context"));
        write("Dockerfile", "FROM scratch\nCOPY . /\n");
        write("app/main.go", "package main");
        write("app/main_test.go", "package main");
        write("node_modules/left-pad/index.js", "pad");
        write("node_modules/keep/index.js", "keep");
        write("README.md", "readme");
        write("CHANGELOG.md", "changes");
    }

    private void write(String path, String content) throws IOException {
        Path file = context.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Every visible path of the context, depth first, as COPY . would see it. */
    private static List<String> visibleTree(BuildContext build) throws IOException {
        List<String> paths = new ArrayList<>();
        walk(build.tree(), ".", paths);
        return paths;
    }

    private static void walk(SourceTree tree, String directory, List<String> into) throws IOException {
        for (String name : tree.visibleChildren(directory, tree.rulesWith(null))) {
            String path = SourceTree.child(directory, name);
            into.add(path);
            if (Files.isDirectory(tree.host(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                walk(tree, path, into);
            }
        }
    }

    @Test
    void withoutIgnoreFileEverythingIsVisible() throws IOException {
        BuildContext build = BuildContext.ofDirectory(context, null);
        assertEquals(Optional.empty(), build.ignoreFile());
        assertEquals(List.of("CHANGELOG.md", "Dockerfile", "README.md", "app", "app/main.go", "app/main_test.go",
                "node_modules", "node_modules/keep", "node_modules/keep/index.js", "node_modules/left-pad",
                "node_modules/left-pad/index.js"), visibleTree(build));
    }

    @Test
    void ignoreFileHidesPathsAndExceptionsBringThemBack() throws IOException {
        write(".dockerignore", """
                # build output and dependencies
                node_modules
                !node_modules/keep

                *.md
                !README.md
                **/*_test.go
                """);
        BuildContext build = BuildContext.ofDirectory(context, null);
        assertEquals(List.of(".dockerignore", "Dockerfile", "README.md", "app", "app/main.go", "node_modules",
                "node_modules/keep", "node_modules/keep/index.js"), visibleTree(build));
    }

    @Test
    void excludedDirectoryIsWalkedForAWildcardException() throws IOException {
        write("vendor/a/LICENSE", "mit");
        write("vendor/a/code.c", "int x;");
        write(".dockerignore", "vendor\n!vendor/**/LICENSE\n");
        BuildContext build = BuildContext.ofDirectory(context, null);
        List<String> visible = visibleTree(build);
        assertTrue(visible.containsAll(List.of("vendor", "vendor/a", "vendor/a/LICENSE")), visible.toString());
        assertFalse(visible.contains("vendor/a/code.c"));
    }

    @Test
    void dockerfileAndIgnoreFileCanBeIgnoredButAreStillRead() throws IOException {
        write(".dockerignore", "Dockerfile\n.dockerignore\n");
        BuildContext build = BuildContext.ofDirectory(context, null);
        assertEquals("FROM scratch\nCOPY . /\n", build.dockerfileText());
        assertEquals(List.of("Dockerfile", ".dockerignore"), build.ignorePatterns().patterns());
        List<String> visible = visibleTree(build);
        assertFalse(visible.contains("Dockerfile"));
        assertFalse(visible.contains(".dockerignore"));
        assertThrows(SourceNotFoundException.class, () -> build.select(List.of("Dockerfile"), List.of()));
    }

    @Test
    void dockerfileAndIgnoreFileAreCopiedLikeAnyFileWhenNotIgnored() throws IOException {
        write(".dockerignore", "*.md\n");
        List<String> visible = visibleTree(BuildContext.ofDirectory(context, null));
        assertTrue(visible.contains("Dockerfile"));
        assertTrue(visible.contains(".dockerignore"));
    }

    @Test
    void dockerfileSpecificIgnoreFileTakesPrecedence() throws IOException {
        write(".dockerignore", "app\n");
        write("build/app.Dockerfile", "FROM scratch\n");
        write("build/app.Dockerfile.dockerignore", "*.md\n");
        BuildContext build = BuildContext.ofDirectory(context, context.resolve("build/app.Dockerfile"));
        assertEquals(Optional.of(context.resolve("build/app.Dockerfile.dockerignore")), build.ignoreFile());
        List<String> visible = visibleTree(build);
        assertTrue(visible.contains("app/main.go"), "the context's .dockerignore is not merged in");
        assertFalse(visible.contains("README.md"));

        BuildContext plain = BuildContext.ofDirectory(context, null);
        assertEquals(Optional.of(context.resolve(".dockerignore")), plain.ignoreFile());
    }

    @Test
    void lowercaseDockerfileIsFoundWhenTheDefaultIsMissing() throws IOException {
        Files.delete(context.resolve("Dockerfile"));
        write("dockerfile", "FROM busybox\n");
        assertEquals("FROM busybox\n", BuildContext.ofDirectory(context, null).dockerfileText());
    }

    @Test
    void missingDockerfileFailsWhenRead() throws IOException {
        Files.delete(context.resolve("Dockerfile"));
        BuildContext build = BuildContext.ofDirectory(context, null);
        BuildContextException e = assertThrows(BuildContextException.class, build::dockerfileText);
        assertTrue(e.getMessage().startsWith("failed to read dockerfile"), e.getMessage());
    }

    @Test
    void malformedIgnoreFileIsReportedWithItsName() throws IOException {
        write(".dockerignore", "[unclosed\n");
        BuildContextException e = assertThrows(BuildContextException.class,
                () -> BuildContext.ofDirectory(context, null));
        assertTrue(e.getMessage().contains(".dockerignore"), e.getMessage());
    }

    @Test
    void contextFilesArePresentedAsRootOwned() throws IOException {
        SourceEntry entry = BuildContext.ofDirectory(context, null).tree().entry("README.md");
        assertEquals(0, entry.uid());
        assertEquals(0, entry.gid());
    }
}
