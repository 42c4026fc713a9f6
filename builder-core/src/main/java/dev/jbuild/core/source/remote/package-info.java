/**
 * ADD's remote sources: HTTP(S) downloads (kept by content digest, revalidated with the ETag the
 * server gave) and Git repositories (resolved to a commit with ls-remote, cloned with jgit).
 */
package dev.jbuild.core.source.remote;
