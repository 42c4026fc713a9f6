/**
 * The file-system toolkit every other package builds on, depending on none of them: paths
 * inside a root resolved under an explicit policy ({@link dev.jbuild.core.fs.RootPath}), Go's
 * lexical clean ({@link dev.jbuild.core.fs.PathClean}), who the JVM runs as
 * ({@link dev.jbuild.core.fs.HostIdentity}), native attributes, special files and extended
 * attributes, and deleting trees an image may leave ({@link dev.jbuild.core.fs.TreeDeletion},
 * with the user-namespace fallback behind {@link dev.jbuild.core.fs.NamespaceRemover}).
 */
package dev.jbuild.core.fs;
