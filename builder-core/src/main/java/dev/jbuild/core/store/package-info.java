/**
 * jbuild's local image store: named images, their blobs, rootfs imports and archive loads.
 */
package dev.jbuild.core.store;
