package dev.jbuild.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.cache.digest.Digest;
import dev.jbuild.core.compress.Compression;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.error.BuildException;
import dev.jbuild.core.progress.BuildEvent;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.tar.TarEntry;
import dev.jbuild.core.tar.TarReader;
import dev.jbuild.core.tar.TarWriter;
import dev.jbuild.core.testing.FileServer;
import dev.jbuild.core.testing.GitFixture;
import dev.jbuild.grammar.DockerfileParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of URLs, Git repositories and archives through the whole engine (planner, solver, cache,
 * layers), against a real HTTP server on 127.0.0.1; FROM scratch, so no sandbox is needed.
 */
class AddInstructionTest {

    private static final Instant LAST_MODIFIED = Instant.parse("2020-02-03T04:05:06Z");

    @TempDir
    Path dir;

    private FileServer server;
    private final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = FileServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BuildResult build(String dockerfile) throws Exception {
        events.clear();
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        BuildRequest request = BuildRequest.builder(new DockerfileParser("Dockerfile").parse(dockerfile))
                .dockerfilePath(context.resolve("Dockerfile")).context(context).tag("remote:test").parallelStages(2).build();
        return new ImageBuilder(dir.resolve("data"), events::add).build(request);
    }

    private long cachedSteps() {
        return events.stream().filter(e -> e instanceof BuildEvent.Cached).count();
    }

    /** Every entry of every layer, by name, with the content of files. */
    private Map<String, TarEntry> entries(BuildResult result, Map<String, String> contents) throws Exception {
        ImageStore store = new ImageStore(dir.resolve("data"));
        ImageManifest manifest = ImageJson.read(store.readBlob(result.manifest().digest()), ImageManifest.class);
        Map<String, TarEntry> out = new TreeMap<>();
        for (Descriptor layer : manifest.layers()) {
            try (InputStream in = Compression.decompress(new ByteArrayInputStream(store.readBlob(layer.digest())));
                    TarReader reader = new TarReader(in)) {
                for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                    out.put(e.name(), e);
                    contents.put(e.name(), new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private List<Digest> layers(BuildResult result) {
        ImageStore store = new ImageStore(dir.resolve("data"));
        return ImageJson.read(store.readBlob(result.manifest().digest()), ImageManifest.class).layers().stream()
                .map(Descriptor::digest).toList();
    }

    private static byte[] tarWithOneFile() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes)) {
            byte[] content = "inside\n".getBytes(StandardCharsets.UTF_8);
            tar.write(TarEntry.file("inside.txt", 0644, 0, 0, content.length, 1_600_000_000L),
                    new ByteArrayInputStream(content));
        }
        return bytes.toByteArray();
    }

    @Test
    void downloadLandsWithMode0600TheServersTimeAndIsNeverUnpacked() throws Exception {
        server.put("/dl/pkg.tar", tarWithOneFile(), Optional.of(LAST_MODIFIED));
        server.put("/dl/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), Optional.empty());
        server.put("/", "index".getBytes(StandardCharsets.UTF_8), Optional.empty());
        BuildResult result = build("FROM scratch\n"
                + "ADD " + server.url("/dl/pkg.tar") + " /downloads/\n"
                + "ADD " + server.url("/dl/pkg.tar") + " /renamed.tar\n"
                + "ADD --chmod=755 --chown=1000:1001 " + server.url("/dl/tool") + " /bin/tool\n"
                + "ADD " + server.url("/") + " /site/\n"
                + "ADD --unpack=true " + server.url("/dl/pkg.tar") + " /unpacked/\n");
        Map<String, String> contents = new TreeMap<>();
        Map<String, TarEntry> entries = entries(result, contents);
        TarEntry pkg = entries.get("downloads/pkg.tar");
        assertEquals(0600, pkg.mode());
        assertEquals(LAST_MODIFIED.getEpochSecond(), pkg.mtime());
        assertEquals(tarWithOneFile().length, pkg.size());
        assertFalse(entries.containsKey("downloads/inside.txt"), entries.keySet().toString());
        assertEquals(0600, entries.get("renamed.tar").mode());
        TarEntry tool = entries.get("bin/tool");
        assertEquals(0755, tool.mode());
        assertEquals(1000, tool.uid());
        assertEquals(1001, tool.gid());
        assertEquals(0, tool.mtime()); // no Last-Modified: the epoch, as BuildKit sets it
        assertEquals("index", contents.get("site/__unnamed__"));
        assertEquals("inside\n", contents.get("unpacked/inside.txt"));
    }

    @Test
    void unchangedRemoteFileHitsTheCacheAndChangedContentMisses() throws Exception {
        server.put("/v.txt", "one");
        String dockerfile = "FROM scratch\nADD " + server.url("/v.txt") + " /v.txt\n";
        BuildResult first = build(dockerfile);
        assertEquals(0, cachedSteps());
        BuildResult second = build(dockerfile);
        assertEquals(1, cachedSteps());
        assertEquals(layers(first), layers(second));
        assertEquals(1, server.bodiesSent()); // the second build revalidated with the ETag
        server.put("/v.txt", "two");
        BuildResult third = build(dockerfile);
        assertEquals(0, cachedSteps());
        Map<String, String> contents = new TreeMap<>();
        entries(third, contents);
        assertEquals("two", contents.get("v.txt"));
    }

    @Test
    void missingUrlFailsAtItsLineNamingTheUrlAndTheStatus() {
        String url = server.url("/missing.tgz");
        BuildException e = assertThrows(BuildException.class,
                () -> build("FROM scratch\nENV A=1\nADD " + url + " /x\n"));
        assertEquals(3, e.range().orElseThrow().startLine());
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void checksumIsVerifiedAndAMismatchShowsBoth() throws Exception {
        server.put("/c.txt", "checked");
        Digest right = Digest.sha256("checked".getBytes(StandardCharsets.UTF_8));
        build("FROM scratch\nADD --checksum=" + right + " " + server.url("/c.txt") + " /c.txt\n");
        Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        BuildException e = assertThrows(BuildException.class,
                () -> build("FROM scratch\nADD --checksum=" + wrong + " " + server.url("/c.txt") + " /c.txt\n"));
        assertEquals(2, e.range().orElseThrow().startLine());
        assertTrue(e.getMessage().contains("expected " + wrong) && e.getMessage().contains("got " + right),
                e.getMessage());
    }

    @Test
    void unpackFalseKeepsALocalArchiveAsAFile() throws Exception {
        Files.createDirectories(dir.resolve("ctx"));
        Files.write(dir.resolve("ctx/pkg.tar"), tarWithOneFile());
        BuildResult result = build("FROM scratch\nADD --unpack=false pkg.tar /kept/\nADD pkg.tar /unpacked/\n");
        Map<String, TarEntry> entries = entries(result, new TreeMap<>());
        assertTrue(entries.containsKey("kept/pkg.tar"), entries.keySet().toString());
        assertFalse(entries.containsKey("kept/inside.txt"), entries.keySet().toString());
        assertTrue(entries.containsKey("unpacked/inside.txt"), entries.keySet().toString());
    }

    @Test
    void checksumOfAContextPathNamedByAVariableIsRefused() {
        BuildException e = assertThrows(BuildException.class,
                () -> build("FROM scratch\nARG SRC=Dockerfile\nADD --checksum=sha256:"
                        + "0".repeat(64) + " ${SRC} /x\n"));
        assertTrue(e.getMessage().contains("checksum requires HTTP(S) or Git sources"), e.getMessage());
    }

    @Test
    void gitRepositoryIsCopiedWithoutItsGitDirectoryUnlessKeptAndANewCommitMisses() throws Exception {
        try (GitFixture repo = GitFixture.init(dir.resolve("repo"))) {
            RevCommit commit = repo.commit("first", Map.of("README", "hello\n", "src/main.c", "int main;\n"));
            repo.updateServerInfo();
            server.serveDirectory("/project.git/", repo.gitDirectory());
            String url = server.url("/project.git");
            BuildResult result = build("FROM scratch\n"
                    + "ADD " + url + "#main /plain\n"
                    + "ADD --keep-git-dir=true " + url + " /kept/\n"
                    + "ADD --checksum=" + commit.getName() + " " + url + "#main:src /src\n");
            Map<String, String> contents = new TreeMap<>();
            Map<String, TarEntry> entries = entries(result, contents);
            assertEquals("hello\n", contents.get("plain/README"));
            assertEquals("int main;\n", contents.get("plain/src/main.c"));
            assertTrue(entries.keySet().stream().noneMatch(n -> n.startsWith("plain/.git")), entries.keySet().toString());
            assertTrue(entries.containsKey("kept/.git/HEAD"), entries.keySet().toString());
            assertEquals("int main;\n", contents.get("src/main.c"));
            assertEquals(0, entries.get("plain/README").uid());

            String plain = "FROM scratch\nADD " + url + "#main /plain\n";
            build(plain);
            assertEquals(1, cachedSteps());
            repo.commit("second", Map.of("README", "changed\n"));
            repo.updateServerInfo();
            BuildResult changed = build(plain);
            assertEquals(0, cachedSteps());
            Map<String, String> after = new TreeMap<>();
            entries(changed, after);
            assertEquals("changed\n", after.get("plain/README"));
        }
    }

    @Test
    void gitUrlQueryFormPicksTheRefSubdirAndKeepsTheGitDirectory() throws Exception {
        try (GitFixture repo = GitFixture.init(dir.resolve("repo-query"))) {
            RevCommit commit = repo.commit("first", Map.of("README", "hello\n", "src/main.c", "int main;\n"));
            repo.updateServerInfo();
            server.serveDirectory("/query.git/", repo.gitDirectory());
            String url = server.url("/query.git");
            BuildResult result = build("FROM scratch\n"
                    + "ADD " + url + "?branch=main&subdir=src /src\n"
                    + "ADD " + url + "?ref=main&keep-git-dir=true /kept/\n"
                    + "ADD " + url + "?commit=" + commit.getName().substring(0, 12) + " /pinned/\n");
            Map<String, String> contents = new TreeMap<>();
            Map<String, TarEntry> entries = entries(result, contents);
            assertEquals("int main;\n", contents.get("src/main.c"));
            assertTrue(entries.containsKey("kept/.git/HEAD"), entries.keySet().toString());
            assertEquals("hello\n", contents.get("pinned/README"));

            BuildException conflict = assertThrows(BuildException.class,
                    () -> build("FROM scratch\nADD " + url + "?ref=main#other /x\n"));
            assertTrue(conflict.getMessage().contains("ref conflicts: \"other\" vs \"main\""), conflict.getMessage());
        }
    }
}
