package dev.jbuild.core.context;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Clones a git repository with jgit and checks out a branch, tag or commit. Kept apart from
 * {@link ContextLocation} so that jgit, a signed jar whose verification costs a few hundred
 * milliseconds of start-up, is loaded only by builds that use git.
 */
final class GitCheckout {

    private GitCheckout() {
    }

    /** Clones {@code url} into {@code dir} and checks out {@code ref} (the default branch when empty). */
    static void checkout(String url, String ref, Path dir) throws IOException {
        try (Git git = Git.cloneRepository().setURI(url.startsWith("/") ? "file://" + url : url)
                .setDirectory(dir.toFile()).setCloneAllBranches(!ref.isEmpty()).call()) {
            if (ref.isEmpty()) {
                return;
            }
            ObjectId id = git.getRepository().resolve(ref);
            if (id == null) {
                id = git.getRepository().resolve("origin/" + ref);
            }
            if (id == null) {
                throw new IOException("no branch, tag or commit '" + ref + "' in " + url);
            }
            git.checkout().setName(id.getName()).call();
        } catch (GitAPIException e) {
            throw new IOException("git clone of " + url + " failed: " + e.getMessage(), e);
        }
    }
}
