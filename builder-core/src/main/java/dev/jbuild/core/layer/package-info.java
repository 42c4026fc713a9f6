/**
 * Layers: tar diffs written reproducibly (sorted, dated, owners mapped) and applied onto a root with
 * whiteouts, owners and devices as containerd applies them.
 */
package dev.jbuild.core.layer;
