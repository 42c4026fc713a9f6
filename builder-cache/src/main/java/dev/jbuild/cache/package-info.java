/**
 * The cache module's shared pieces: where jbuild keeps its data ({@code JBUILD_CACHE}, XDG) and files
 * replaced whole, never torn.
 */
package dev.jbuild.cache;
