package dev.jbuild.core.snapshot;

import static dev.jbuild.core.layer.LayerChange.added;
import static dev.jbuild.core.layer.LayerChange.deleted;
import static dev.jbuild.core.layer.LayerChange.modified;
import static dev.jbuild.core.layer.LayerChange.opaqueDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbuild.core.layer.LayerChange;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerEntriesTest {

    private static List<LayerChange> sorted(List<LayerChange> changes) {
        return changes.stream().sorted(Comparator.comparing(LayerChange::path)).toList();
    }

    @Test
    void everyChangeBringsItsParentDirectoriesWhiteoutsIncluded() {
        TreeDiff.Result diff = new TreeDiff.Result(List.of(added("a/b/c"), deleted("x/y/z")), List.of(), List.of());
        assertEquals(List.of(modified("a"), modified("a/b"), added("a/b/c"), modified("x"), modified("x/y"),
                deleted("x/y/z")), sorted(LayerEntries.of(diff)));
    }

    @Test
    void listedDirectoriesKeepTheirOwnKind() {
        TreeDiff.Result diff = new TreeDiff.Result(List.of(added("new"), added("new/file"), opaqueDirectory("o"),
                added("o/fresh")), List.of(), List.of());
        assertEquals(List.of(added("new"), added("new/file"), opaqueDirectory("o"), added("o/fresh")),
                sorted(LayerEntries.of(diff)));
    }

    @Test
    void aChangedHardlinkBringsTheOtherPathsOfItsInode() {
        TreeDiff.Result diff = new TreeDiff.Result(List.of(added("usr/bin/alias")),
                List.of(List.of("bin/real", "usr/bin/alias"), List.of("untouched/one", "untouched/two")), List.of());
        assertEquals(List.of(modified("bin"), modified("bin/real"), modified("usr"), modified("usr/bin"),
                added("usr/bin/alias")), sorted(LayerEntries.of(diff)));
    }
}
