package dev.jbuild.core.source.remote;

import dev.jbuild.core.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * ADD's Git sources, with jgit: {@link #commit} asks the remote which commit a ref names
 * (ls-remote, no clone), which is what the step's cache key holds, as in BuildKit; only a cache
 * miss then {@link #checkout clones}. The {@code .git} directory is dropped unless
 * {@code --keep-git-dir=true}.
 */
public final class GitCheckouts {

    private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final Path scratch;

    /** @param scratch where short-lived repositories are made (and removed) */
    public GitCheckouts(Path scratch) {
        this.scratch = Objects.requireNonNull(scratch, "scratch");
    }

    /**
     * The commit the source's ref names on the remote: {@code HEAD} without a ref, else a branch,
     * a tag (peeled to its commit) or a full commit id; checked against {@code checksum} (a commit
     * id or a prefix of one) when given.
     */
    public String commit(RemoteSource.Git source, Optional<String> checksum) {
        if (checksum.isPresent() && !HEX.matcher(checksum.get()).matches()) {
            throw new RemoteSourceException("invalid checksum " + checksum.get() + " for Git URL " + source.text()
                    + ", expected a hex commit hash");
        }
        String commit = resolve(source);
        if (checksum.isPresent() && !commit.startsWith(checksum.get().toLowerCase(Locale.ROOT))) {
            throw new RemoteSourceException("checksum mismatch for " + source.text() + ": expected commit "
                    + checksum.get() + ", got " + commit);
        }
        return commit;
    }

    private String resolve(RemoteSource.Git source) {
        if (FULL_COMMIT.matcher(source.ref()).matches()) {
            return source.ref();
        }
        Collection<Ref> refs = listRefs(source);
        String ref = source.ref();
        for (String name : ref.isEmpty() ? new String[] {"HEAD"}
                : new String[] {ref, "refs/heads/" + ref, "refs/tags/" + ref}) {
            for (Ref candidate : refs) {
                if (candidate.getName().equals(name) && candidate.getObjectId() != null) {
                    ObjectId peeled = candidate.getPeeledObjectId();
                    return (peeled != null ? peeled : candidate.getObjectId()).getName();
                }
            }
        }
        throw new RemoteSourceException("Git repository " + source.remote() + " has no "
                + (ref.isEmpty() ? "HEAD" : "branch or tag named " + ref));
    }

    // jgit's dumb-HTTP transport needs a local repository even to list refs: an empty bare one serves.
    private Collection<Ref> listRefs(RemoteSource.Git source) {
        Path local = null;
        try {
            local = Files.createTempDirectory(Files.createDirectories(scratch), "ls-remote-");
            try (Git git = Git.init().setBare(true).setDirectory(local.toFile()).call()) {
                return git.lsRemote().setRemote(source.remote()).call();
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new RemoteSourceException("cannot list the refs of Git repository " + source.remote() + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            TreeDeletion.delete(directory);
        } catch (IOException e) {
            // a leftover empty repository in the scratch directory harms nothing
        }
    }

    /**
     * Clones the source at {@code commit} into {@code directory} (which must not exist) and
     * returns the directory to copy from: the checkout, or its {@code subdir}.
     */
    public Path checkout(RemoteSource.Git source, String commit, Path directory, boolean keepGitDir) {
        try (Git git = Git.cloneRepository().setURI(source.remote()).setDirectory(directory.toFile())
                .setCloneAllBranches(true).call()) {
            git.checkout().setName(commit).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new RemoteSourceException("git clone of " + source.remote() + " at " + commit + " failed: "
                    + e.getMessage(), e);
        }
        try {
            if (!keepGitDir) {
                TreeDeletion.delete(directory.resolve(".git"));
            }
        } catch (IOException e) {
            throw new RemoteSourceException("cannot remove .git from the checkout of " + source.remote() + ": "
                    + e.getMessage(), e);
        }
        Path selected = directory.resolve(source.subdir()).normalize();
        if (!selected.startsWith(directory) || !Files.isDirectory(selected)) {
            throw new RemoteSourceException("'" + source.subdir() + "' is not a directory of " + source.remote()
                    + " at " + commit);
        }
        return selected;
    }
}
