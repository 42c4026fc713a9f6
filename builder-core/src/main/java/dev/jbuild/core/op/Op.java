package dev.jbuild.core.op;

import dev.jbuild.core.layer.LayerBlob;
import dev.jbuild.core.snapshot.MutableSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One filesystem op of the build graph, with what it reads already resolved (checksums of the
 * files it selects, the keys of the stages it reads): the fields of its cache key, the snapshot
 * it changes, and the change itself. The scheduler adds the parent's key, looks the key up, and
 * only on a miss prepares a snapshot, executes the op in it and commits the layer.
 */
public sealed interface Op permits RunOp, CopyOp, MkdirOp {

    /**
     * What the op's cache key is made of, by name, in a fixed order, starting with {@code kind};
     * names and order are part of every stored key and of {@code --explain-cache}'s report.
     */
    Map<String, List<String>> keyFields();

    /** A fresh snapshot of {@code layers} (bottom first), of the kind this op writes into. */
    MutableSnapshot prepare(List<LayerBlob> layers);

    /**
     * Changes the snapshot's files, sending the lines a command prints to {@code output}, and
     * returns the mount stubs a sandbox left that the commit leaves out.
     *
     * @throws OpException when the op itself fails (a command's exit status, a sandbox)
     */
    Set<String> execute(MutableSnapshot snapshot, Consumer<String> output);
}
