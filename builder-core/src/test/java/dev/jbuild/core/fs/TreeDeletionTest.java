package dev.jbuild.core.fs;

import static dev.jbuild.core.testing.DeepTree.DEPTH;
import static dev.jbuild.core.testing.DeepTree.onSmallStack;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbuild.core.testing.DeepTree;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDeletionTest {

    @TempDir
    Path temp;

    @Test
    void deletesATreeDeeperThanARecursiveWalkCouldGo() throws Exception {
        Path tree = temp.resolve("tree");
        Path deepest = DeepTree.create(tree, DEPTH, "bottom");
        PosixAttributes.chmod(tree.resolve("d/d/d"), 0); // closed half-way down, as an image may leave it
        assertTrue(Files.exists(deepest) || Files.exists(tree.resolve("d/d/d"), LinkOption.NOFOLLOW_LINKS));
        onSmallStack(() -> {
            TreeDeletion.delete(tree);
            return null;
        });
        assertFalse(Files.exists(tree, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void deleteAsideRemovesTheTreeUnderItsTrashNameAndAcceptsAMissingOne() throws Exception {
        Path tree = Files.createDirectories(temp.resolve("cache/entry/rootfs/etc"));
        Files.createSymbolicLink(tree.resolve("hosts"), temp.resolve("outside"));
        Path outside = Files.writeString(temp.resolve("outside"), "kept");
        Path trash = temp.resolve("cache/.trash-1");

        TreeDeletion.deleteAside(temp.resolve("cache/entry"), trash);
        TreeDeletion.deleteAside(temp.resolve("cache/entry"), trash);

        assertFalse(Files.exists(temp.resolve("cache/entry"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(trash, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(outside), "a symlink is removed, never followed");
    }
}
