/**
 * The data directory's lock: builds hold it shared, prune holds it exclusive, so nothing a build uses
 * is removed under it.
 */
package dev.jbuild.cache.lock;
