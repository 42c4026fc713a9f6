/**
 * Keeping the data directory's size in hand: what is in it by kind ({@code du}), and removing the
 * least recently used cache ({@code prune}, the automatic limit).
 */
package dev.jbuild.core.prune;
