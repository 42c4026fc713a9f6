/**
 * The ops of the build graph, one per kind of filesystem step: {@link dev.jbuild.core.op.RunOp}
 * runs a command in a sandbox, {@link dev.jbuild.core.op.CopyOp} does COPY, ADD and heredoc files,
 * {@link dev.jbuild.core.op.MkdirOp} creates WORKDIR's directory. Each op owns the fields of its
 * cache key, the kind of snapshot it needs and its execution; the solver only schedules them
 * ({@link dev.jbuild.core.op.OpFactory} turns a planned step into its op).
 */
package dev.jbuild.core.op;
