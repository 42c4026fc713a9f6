/**
 * The build memo: one record per build invocation that lets a repeated, unchanged build be answered
 * without parsing, planning or solving. It holds what the invocation was (its key), the signatures
 * of what it read (files by stat, never by content), the cache records it used, and what it printed.
 * This package uses only the JDK and the progress events, so that answering from it loads almost
 * nothing.
 */
package dev.jbuild.core.memo;
