package dev.jbuild.core.testing;

import dev.jbuild.core.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A chain of directories {@code d/d/…/d} with one file, {@code deepest}, at the bottom: the shape
 * an attacker uses to overflow a recursive walk. 1,500 levels keep the host path of the file under
 * the kernel's PATH_MAX (4096) with room for a temporary directory; a walk that recursed once per
 * level would need far more than the small stack {@link #onSmallStack} runs it on.
 */
public final class DeepTree {

    /** Levels of the tree the tests build. */
    public static final int DEPTH = 1_500;
    /**
     * Levels for walks whose every step resolves a path component by component inside a root (or
     * matches patterns against the whole path), so that their cost grows with the cube of the depth.
     */
    public static final int COSTLY_DEPTH = 500;
    /** The stack of the thread the walk runs on; a recursive walk of {@link #DEPTH} levels overflows it. */
    private static final long SMALL_STACK_BYTES = 256 * 1024;

    private DeepTree() {
    }

    /** The path of the deepest file, relative to the tree's parent. */
    public static String deepestFile(int depth) {
        return "d/".repeat(depth) + "deepest";
    }

    /** Creates the tree under {@code parent} and returns the host path of its deepest file. */
    public static Path create(Path parent, int depth, String content) throws IOException {
        Path file = parent.resolve(deepestFile(depth));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /**
     * Deletes a tree that holds deep trees. The tests call it themselves: JUnit's clean-up of a
     * temporary directory resolves the real path of every directory, which takes minutes at this depth.
     */
    public static void remove(Path tree) throws IOException {
        TreeDeletion.delete(tree);
    }

    /** Runs {@code work} on a thread with a small stack and returns its result; its failure is rethrown. */
    public static <T> T onSmallStack(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", SMALL_STACK_BYTES);
        thread.start();
        thread.join();
        Throwable thrown = failure.get();
        if (thrown instanceof Exception e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        return result.get();
    }
}
