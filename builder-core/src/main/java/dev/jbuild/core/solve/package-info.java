/**
 * The scheduler: a plan's steps as a graph on a bounded pool, each looked up in the cache by its key,
 * identical steps run once, the first failure canceling the rest.
 */
package dev.jbuild.core.solve;
