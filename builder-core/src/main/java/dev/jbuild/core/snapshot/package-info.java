/**
 * Snapshotters: a step's root prepared from layers (overlay mounts or native copies), and its changes
 * committed as a layer diff.
 */
package dev.jbuild.core.snapshot;
