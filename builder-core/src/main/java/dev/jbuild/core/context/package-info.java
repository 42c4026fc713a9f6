/**
 * The build context and what COPY and ADD select from it: {@code .dockerignore} rules applied as
 * Docker applies them ({@link dev.jbuild.core.context.IgnorePatterns}), source patterns resolved
 * inside the context or another stage's root ({@link dev.jbuild.core.context.ContextSelection}),
 * and the content checksums that stand for the selected files in cache keys
 * ({@link dev.jbuild.core.context.FileChecksum}, memoised by {@link dev.jbuild.core.context.ChecksumMemo}).
 */
package dev.jbuild.core.context;
