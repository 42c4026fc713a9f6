package dev.jbuild.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefWriter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real Git repository made with jgit for tests, readable over git's dumb HTTP protocol once
 * {@link #updateServerInfo} has written {@code info/refs} (what {@code git update-server-info}
 * does): serve {@link #gitDirectory} with {@link FileServer#serveDirectory}.
 */
public final class GitFixture implements AutoCloseable {

    private final Git git;
    private final Path workTree;

    private GitFixture(Git git, Path workTree) {
        this.git = git;
        this.workTree = workTree;
    }

    /** A new repository whose default branch is {@code main}. */
    public static GitFixture init(Path workTree) throws GitAPIException {
        return new GitFixture(Git.init().setDirectory(workTree.toFile()).setInitialBranch("main").call(), workTree);
    }

    /** Writes the files (path to content) and commits them all. */
    public RevCommit commit(String message, Map<String, String> files) throws IOException, GitAPIException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = workTree.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("test", "test@example.com")
                .setCommitter("test", "test@example.com").setSign(false).call();
    }

    public void tag(String name) throws GitAPIException {
        git.tag().setName(name).setAnnotated(true).setMessage(name).setSigned(false).call();
    }

    public Path gitDirectory() {
        return git.getRepository().getDirectory().toPath();
    }

    /** Writes {@code info/refs} and {@code objects/info/packs} for dumb HTTP clients. */
    public void updateServerInfo() throws IOException {
        Repository repository = git.getRepository();
        List<Ref> refs = new ArrayList<>();
        for (Ref ref : repository.getRefDatabase().getRefs()) {
            refs.add(repository.getRefDatabase().peel(ref));
        }
        Path dir = gitDirectory();
        new RefWriter(refs) {
            @Override
            protected void writeFile(String file, byte[] content) throws IOException {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                Files.write(target, content);
            }
        }.writeInfoRefs();
        Files.createDirectories(dir.resolve("objects/info"));
        Files.writeString(dir.resolve("objects/info/packs"), "");
    }

    @Override
    public void close() {
        git.close();
    }
}
